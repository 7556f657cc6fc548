import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PERMISSIONS, PERMISSION_SCOPE, ROLES, roleHasPermission } from './index.js';

// docs/workflow.md shows the roles × permissions table to people; it must say what the code does.
const doc = readFileSync(new URL('../../../docs/workflow.md', import.meta.url), 'utf8');

describe('documented permission table', () => {
  const header = doc.split('\n').find((line) => line.startsWith('| permission | checked against |'));
  const columns = header?.split('|').map((c) => c.trim()).slice(3, -1);

  it('lists the roles in order', () => {
    expect(columns).toEqual([...ROLES]);
  });

  it.each([...PERMISSIONS])('%s matches the code', (permission) => {
    const row = doc.split('\n').find((line) => line.startsWith(`| \`${permission}\` |`));
    expect(row, `${permission} missing from docs/workflow.md`).toBeDefined();
    const cells = row!.split('|').map((c) => c.trim());
    expect(cells[2]).toBe(PERMISSION_SCOPE[permission]);
    ROLES.forEach((role, i) => expect(cells[3 + i], `${role} × ${permission}`).toBe(roleHasPermission(role, permission) ? '✓' : '·'));
  });
});
