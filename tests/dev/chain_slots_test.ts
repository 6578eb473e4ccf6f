/**
 * `ChainSlots`: at most N chains at once, the rest wait in arrival order.
 */
import assert from "node:assert/strict";
import { ChainSlots } from "../../src/dev/_chain_slots.ts";

Deno.test("ChainSlots.run() runs at most `count` tasks at once, in arrival order", async () => {
  const slots = new ChainSlots(2);
  let running = 0;
  let most = 0;
  const started: number[] = [];
  const gates = Array.from({ length: 6 }, () => Promise.withResolvers<void>());
  const tasks = gates.map((gate, index) =>
    slots.run(async () => {
      started.push(index);
      most = Math.max(most, ++running);
      await gate.promise;
      running--;
      return index;
    })
  );
  await Promise.resolve();
  assert.deepEqual(started, [0, 1]);
  assert.equal(slots.waiting, 4);
  for (const gate of gates) gate.resolve();
  assert.deepEqual(await Promise.all(tasks), [0, 1, 2, 3, 4, 5]);
  assert.deepEqual(started, [0, 1, 2, 3, 4, 5]);
  assert.equal(most, 2);
});

Deno.test("ChainSlots.run() frees the slot when a task rejects", async () => {
  const slots = new ChainSlots(1);
  await assert.rejects(slots.run(() => Promise.reject(new Error("trap"))), { message: "trap" });
  assert.equal(await slots.run(() => Promise.resolve("next")), "next");
});

Deno.test("ChainSlots() refuses a count below 1 (0)", () => {
  assert.throws(() => new ChainSlots(0), {
    name: "RangeError",
    message: "Cannot create 0 chain slots: count must be >= 1",
  });
});
