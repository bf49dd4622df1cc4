import type { Task, TaskStatus, TaskWithAssignee } from "../domain/types.ts";

export interface NewTaskInput {
  /** 1 to 500 characters after trimming. */
  title: string;
  status?: TaskStatus;
}

/** Tasks: bulk insert, membership-checked assignment, ordered positions. */
export interface TaskRepository {
  /**
   * Inserts 1 to 1000 tasks at once, appended after the project's last position in the given
   * order. Returns how many were inserted. @throws NOT_FOUND no such project; VALIDATION.
   */
  createMany(projectId: string, tasks: NewTaskInput[]): Promise<number>;
  /**
   * Sets or clears (null) the assignee.
   * @throws NOT_FOUND no such task; FORBIDDEN the assignee is not a member of the project's organization.
   */
  assign(input: { taskId: string; assigneeId: string | null }): Promise<Task>;
  /**
   * Sets positions 0..n-1 in the given order, in one transaction, and bumps every listed task's
   * `updatedAt` (also for tasks whose position does not change).
   * @throws VALIDATION the ids are not exactly the project's tasks, each once; NOT_FOUND no such project.
   */
  reorder(projectId: string, orderedTaskIds: string[]): Promise<void>;
  /** The project's tasks with their assignee, by position then id. */
  listForProject(projectId: string): Promise<TaskWithAssignee[]>;
}
