import { problem, type Problem } from '../errors.js';
import { formatPointer } from '../spec/pointer.js';
import type { FrameworkNodeSpec, FrameworkSpec, LocalisedText } from '../spec/schema.js';

export interface FrameworkNode {
  readonly index: number;
  readonly code: string;
  readonly name: LocalisedText;
  readonly parent: number;
  readonly children: readonly number[];
  /** 1 for indicators; 1 + the highest child level for aggregates. */
  readonly level: number;
  readonly weight: number;
  readonly direction: 1 | -1;
  readonly isIndicator: boolean;
  readonly spec: FrameworkNodeSpec;
}

/** A checked framework tree with the order in which aggregates can be computed. */
export interface Framework {
  readonly nodes: readonly FrameworkNode[];
  readonly root: number;
  readonly byCode: ReadonlyMap<string, number>;
  /** Indicator nodes in declaration order. */
  readonly indicators: readonly number[];
  /** Aggregate nodes, children before parents (by level, then declaration order). */
  readonly aggregates: readonly number[];
  readonly maxLevel: number;
  readonly levelNames: ReadonlyMap<number, LocalisedText>;
}

/**
 * Checks a framework and compiles it. Every problem is reported (duplicate codes, unknown
 * parents, cycles, several roots, negative weights, groups whose weights are all zero), each
 * with the JSON Pointer of the offending node under `pointerBase`.
 */
export function compileFramework(spec: FrameworkSpec, pointerBase = '/framework'): { framework?: Framework; problems: Problem[] } {
  const problems: Problem[] = [];
  const nodes = spec.nodes;
  const at = (i: number, field?: string) => pointerBase + formatPointer(field ? ['nodes', i, field] : ['nodes', i]);
  const byCode = new Map<string, number>();
  nodes.forEach((n, i) => {
    const previous = byCode.get(n.code);
    if (previous !== undefined) {
      problems.push(
        problem('FRAMEWORK_DUPLICATE_CODE', `framework: code "${n.code}" is used by nodes ${previous} and ${i}`, {
          pointer: at(i, 'code'),
          value: n.code,
          hint: 'Give every indicator and aggregate its own code.',
        }),
      );
    } else byCode.set(n.code, i);
  });
  const parentOf = new Int32Array(nodes.length).fill(-1);
  nodes.forEach((n, i) => {
    if (n.parent == null) return;
    const p = byCode.get(n.parent);
    if (p === undefined) {
      problems.push(
        problem('FRAMEWORK_UNKNOWN_PARENT', `framework: node "${n.code}" names parent "${n.parent}", which is not a node`, {
          pointer: at(i, 'parent'),
          value: n.parent,
          hint: `Use one of the aggregate codes, or add a node "${n.parent}".`,
        }),
      );
    } else parentOf[i] = p;
    if (n.weight < 0 || !Number.isFinite(n.weight)) {
      problems.push(
        problem('WEIGHT_NEGATIVE', `framework: node "${n.code}" has weight ${n.weight}; weights must be finite and non-negative`, {
          pointer: at(i, 'weight'),
          value: n.weight,
          hint: 'Use 0 to switch a node off, or reverse its direction instead of negating its weight.',
        }),
      );
    }
  });
  // Cycle detection: follow parents; a walk longer than the node count revisits a node.
  const inCycle = new Set<number>();
  for (let i = 0; i < nodes.length; i++) {
    const seen = new Set<number>();
    let j = i;
    while (j >= 0 && !seen.has(j)) {
      seen.add(j);
      j = parentOf[j];
    }
    if (j >= 0 && !inCycle.has(j)) {
      const cycle: string[] = [];
      let k = j;
      do {
        inCycle.add(k);
        cycle.push(nodes[k].code);
        k = parentOf[k];
      } while (k !== j);
      problems.push(
        problem('FRAMEWORK_CYCLE', `framework: the parents form a cycle: ${[...cycle, cycle[0]].join(' → ')}`, {
          pointer: at(j, 'parent'),
          value: cycle,
          hint: 'Each node must lead up to the single root; break the cycle by correcting one parent.',
        }),
      );
    }
  }
  const roots = nodes.map((n, i) => (n.parent == null ? i : -1)).filter((i) => i >= 0);
  if (roots.length !== 1) {
    problems.push(
      problem(
        'FRAMEWORK_NO_ROOT',
        roots.length === 0
          ? 'framework: no node is the root (every node has a parent)'
          : `framework: ${roots.length} nodes have no parent (${roots.map((r) => nodes[r].code).join(', ')}); there must be exactly one root`,
        { pointer: pointerBase + '/nodes', hint: 'Give all top-level aggregates one parent, e.g. an "Index" node.' },
      ),
    );
  }
  if (problems.length > 0) return { problems };

  const children: number[][] = nodes.map(() => []);
  for (let i = 0; i < nodes.length; i++) if (parentOf[i] >= 0) children[parentOf[i]].push(i);
  const level = new Int32Array(nodes.length);
  const levelOf = (i: number): number => {
    if (level[i] > 0) return level[i];
    const kids = children[i];
    level[i] = kids.length === 0 ? 1 : 1 + Math.max(...kids.map(levelOf));
    return level[i];
  };
  for (let i = 0; i < nodes.length; i++) levelOf(i);
  for (let i = 0; i < nodes.length; i++) {
    const kids = children[i];
    if (kids.length > 0 && kids.every((k) => nodes[k].weight === 0)) {
      problems.push(
        problem('WEIGHT_ALL_ZERO', `framework: every child of "${nodes[i].code}" has weight 0, so it cannot be aggregated`, {
          pointer: at(kids[0], 'weight'),
          hint: 'Give at least one child a positive weight, or remove the aggregate.',
        }),
      );
    }
  }
  const compiled: FrameworkNode[] = nodes.map((n, i) => ({
    index: i,
    code: n.code,
    name: n.name ?? { en: n.code },
    parent: parentOf[i],
    children: children[i],
    level: level[i],
    weight: n.weight,
    direction: n.direction,
    isIndicator: children[i].length === 0,
    spec: n,
  }));
  const indicators = compiled.filter((n) => n.isIndicator).map((n) => n.index);
  const aggregates = compiled
    .filter((n) => !n.isIndicator)
    .sort((a, b) => a.level - b.level || a.index - b.index)
    .map((n) => n.index);
  const levelNames = new Map<number, LocalisedText>();
  for (const l of spec.levels ?? []) levelNames.set(l.level, l.name);
  return {
    framework: {
      nodes: compiled,
      root: roots[0],
      byCode,
      indicators,
      aggregates,
      maxLevel: Math.max(...compiled.map((n) => n.level)),
      levelNames,
    },
    problems,
  };
}

/** Codes of all indicators below a node (the node itself if it is an indicator). */
export function indicatorsBelow(framework: Framework, index: number): number[] {
  const node = framework.nodes[index];
  if (node.isIndicator) return [index];
  return node.children.flatMap((c) => indicatorsBelow(framework, c));
}

/** The ancestor of `index` at `level` (itself if already there), or -1. */
export function ancestorAtLevel(framework: Framework, index: number, level: number): number {
  let i = index;
  while (i >= 0 && framework.nodes[i].level < level) i = framework.nodes[i].parent;
  return i >= 0 && framework.nodes[i].level === level ? i : -1;
}
