import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bootLinuxEarly, claimLinuxBoot } from '../../src/components/Lab/linux/early-boot';

describe('the Linux machine started by the "Open the lab" click', () => {
  it('is one boot, claimed once, by the lab of the same site only', async () => {
    (globalThis as { window?: unknown }).window ??= new EventTarget();
    bootLinuxEarly('/course/');
    const first = claimLinuxBoot('/course/');
    assert.ok(first, 'the click started a boot');
    assert.equal(claimLinuxBoot('/course/'), null, 'a boot is claimed once');
    bootLinuxEarly('/course/');
    assert.equal(claimLinuxBoot('/other/'), null, "another site's lab does not take it");
    const second = claimLinuxBoot('/course/');
    assert.ok(second && second !== first, 'and it stays there for its own lab');
    bootLinuxEarly('/course/');
    bootLinuxEarly('/course/'); // a second click while it starts: the same boot
    const third = claimLinuxBoot('/course/');
    assert.ok(third && third !== second);
    assert.equal(claimLinuxBoot('/course/'), null);
    third.abort();
    await assert.rejects(third.runtime);
    // Here (Node, no site to fetch from) the boots fail; the claimer is told why.
    second.abort();
    await assert.rejects(second.runtime);
    first.abort();
    await assert.rejects(first.runtime);
  });
});
