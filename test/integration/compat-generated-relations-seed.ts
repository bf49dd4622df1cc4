/**
 * The data the relations.prisma differential tests run on, written by real Prisma Client: people
 * 1..5 (alice, bob, carol, dave, erin), posts 1n..3n, tags ts/orm/sql, groups root > child > leaf.
 */
import { type FixturePair, delegate } from "../support/fixture-client.ts";

/** People 1..5, posts 1n..3n, tags and a group tree, with both sides of every self-relation used asymmetrically. */
export async function seedRelations(pair: FixturePair): Promise<void> {
  const person = delegate(pair.prisma, "person");
  for (const name of ["alice", "bob", "carol", "dave", "erin"]) await person.create!({ data: { name } });
  await person.update!({ where: { id: 2 }, data: { manager: { connect: { id: 1 } }, mentor: { connect: { id: 1 } } } });
  await person.update!({
    where: { id: 3 },
    data: { manager: { connect: { id: 1 } }, mentor: { connect: { id: 2 } }, profile: { create: { bio: "c" } } },
  });
  await person.update!({ where: { id: 4 }, data: { manager: { connect: { id: 2 } } } });
  await person.update!({
    where: { id: 1 },
    data: { profile: { create: { bio: "a" } }, friends: { connect: [{ id: 2 }, { id: 3 }] } },
  });
  await person.update!({ where: { id: 2 }, data: { friends: { connect: [{ id: 3 }] } } });
  await person.update!({ where: { id: 4 }, data: { friendOf: { connect: [{ id: 1 }] } } });
  const post = delegate(pair.prisma, "post");
  await post.create!({
    data: {
      title: "p1",
      author: { connect: { id: 1 } },
      editor: { connect: { id: 2 } },
      likedBy: { connect: [{ id: 2 }, { id: 3 }] },
      tags: { create: [{ name: "ts" }, { name: "orm" }] },
    },
  });
  await post.create!({
    data: {
      title: "p2",
      author: { connect: { id: 2 } },
      likedBy: { connect: [{ id: 1 }] },
      tags: { connect: [{ name: "orm" }] },
    },
  });
  await post.create!({ data: { title: "p3", author: { connect: { id: 3 } } } });
  await delegate(pair.prisma, "tag").create!({ data: { name: "sql" } });
  const group = delegate(pair.prisma, "group");
  await group.create!({ data: { slug: "root", members: { connect: [{ id: 1 }, { id: 2 }] } } });
  await group.create!({
    data: { slug: "child", parent: { connect: { slug: "root" } }, members: { connect: [{ id: 3 }] } },
  });
  await group.create!({ data: { slug: "leaf", parent: { connect: { slug: "child" } } } });
}
