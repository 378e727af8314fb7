import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  areaTitle,
  defenderExpertsServiceSchema,
  matrixRow,
  matrixRowSchema,
  responsibilityAreaSchema,
  responsibilityMatrix,
  tenantServiceSchema,
  type DefenderExpertsService,
  type MatrixRow,
} from '@/utils/domain/responsibility-matrix';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const referenceName = 'defender-experts-mssp-responsibilities.txt';
// Microsoft's tables, kept in the repo (docs/reference/) so this test runs, and never skips, anywhere.
const inRepoReferencePath = path.join(repoRoot, 'docs/reference', referenceName);

const referenceText = readFileSync(inRepoReferencePath, 'utf8');

/** Whitespace (including the reference's non-breaking spaces) collapsed, bullet marks dropped. */
function normalize(text: string): string {
  return text.replace(/•/g, ' ').replace(/\s+/g, ' ').trim();
}

/**
 * The area names a reader finds at the start of the reference's table rows. Anything in a table that is
 * not under one of these names would end up inside another row's text and fail the row-text test below.
 */
const referenceAreaNames = [
  'Onboarding',
  'Hunting',
  'Co-hunting',
  'Incident triage',
  'Incident investigation',
  'Incident remediation',
  'Incident chat',
  'Teams chat',
  'Email notifications',
  'Reporting',
  'Service review',
];

const tableHeader = 'Area Defender Experts Customer SOC (in-house or MSSP) Notes on access Notes for MSSP partners';
const tableHeadings: Record<DefenderExpertsService, string> = {
  hunting: 'Work with Defender Experts for Hunting',
  xdr: 'Work with Defender Experts for XDR',
};

interface ReferenceRow {
  name: string;
  text: string;
}

/** The rows of one table: from its heading's header line to "Important" or the end of the document. */
function referenceTable(service: DefenderExpertsService): ReferenceRow[] {
  const lines = referenceText.split('\n');
  const headingIndex = lines.findIndex((line) => normalize(line) === tableHeadings[service]);
  expect(headingIndex, `heading for ${service}`).toBeGreaterThanOrEqual(0);
  const headerIndex = lines.findIndex((line, index) => index > headingIndex && line.trim() === tableHeader);
  expect(headerIndex, `table header for ${service}`).toBeGreaterThan(headingIndex);
  const endIndex = lines.findIndex((line, index) => index > headerIndex && line.trim() === 'Important');
  const body = lines.slice(headerIndex + 1, endIndex === -1 ? lines.length : endIndex);

  const rows: ReferenceRow[] = [];
  for (const line of body) {
    const name = referenceAreaNames.find((candidate) => line === candidate || line.startsWith(`${candidate} `));
    if (name !== undefined) rows.push({ name, text: line });
    else if (rows.length > 0) rows[rows.length - 1]!.text += `\n${line}`;
    else expect.fail(`text before the first row of the ${service} table: ${line}`);
  }
  return rows;
}

/** A data row written out in the reference's column order; "(no action)" where the partner has none. */
function rowAsReferenceText(row: MatrixRow): string {
  const partner = row.partner.length > 0 ? row.partner : ['(no action)'];
  return normalize([row.title, ...row.defenderExperts, ...partner, row.accessNote, row.partnerNote].join(' '));
}

const services = defenderExpertsServiceSchema.options;

describe('the in-repo copy of the reference', () => {
  it('has both tables', () => {
    expect(referenceTable('hunting').map((row) => row.name)).toContain('Co-hunting');
    expect(referenceTable('xdr').map((row) => row.name)).toContain('Service review');
  });
});

describe.each(services)('the %s table against the reference', (service) => {
  const reference = referenceTable(service);
  const data = responsibilityMatrix[service];

  it('has every area of the reference, no other, in the same order', () => {
    expect(data.map((row) => row.title)).toEqual(reference.map((row) => row.name));
  });

  it('has the expected areas', () => {
    const expected: Record<DefenderExpertsService, string[]> = {
      hunting: ['onboarding', 'hunting', 'coHunting', 'reporting'],
      xdr: responsibilityAreaSchema.options,
    };
    expect(data.map((row) => row.area)).toEqual(expected[service]);
  });

  it.each(reference.map((row) => [row.name, row.text] as const))(
    'row "%s": the data holds the whole reference text, nothing more',
    (name, text) => {
      const row = data.find((candidate) => candidate.title === name);
      expect(row, `no data row for ${name}`).toBeDefined();
      expect(rowAsReferenceText(row!)).toBe(normalize(text));
    },
  );

  it('copies each duty and note verbatim from its own row of the reference', () => {
    for (const row of data) {
      const rowText = normalize(reference.find((candidate) => candidate.name === row.title)?.text ?? '');
      for (const piece of [...row.defenderExperts, ...row.partner, row.accessNote, row.partnerNote]) {
        expect(rowText, `${row.title}: ${piece}`).toContain(normalize(piece));
        expect(normalize(referenceText)).toContain(normalize(piece));
      }
    }
  });

  it('marks exactly the rows the reference says are "available in the Defender portal only"', () => {
    for (const row of data) {
      const rowText = normalize(reference.find((candidate) => candidate.name === row.title)?.text ?? '');
      expect(row.portalOnly, row.title).toBe(rowText.includes('This scenario is available in the Defender portal only.'));
    }
  });

  it('leaves the partner list empty exactly where the reference says "(no action)"', () => {
    for (const row of data) {
      const rowText = reference.find((candidate) => candidate.name === row.title)?.text ?? '';
      expect(row.partner.length === 0, row.title).toBe(rowText.includes('(no action)'));
    }
  });
});

describe('responsibilityMatrix data', () => {
  it('gives XDR incident triage no partner duty and Defender Experts the assignment', () => {
    const triage = matrixRow('xdr', 'incidentTriage');
    expect(triage?.partner).toEqual([]);
    expect(triage?.defenderExperts).toEqual(['Assign in-scope incidents in Defender queue to Defender Experts.']);
  });

  it('keeps bullets as separate duties', () => {
    expect(matrixRow('xdr', 'onboarding')?.partner).toHaveLength(5);
    expect(matrixRow('hunting', 'coHunting')?.partner).toEqual([
      'Submit hunting inquiries through Ask Defender Experts in the Defender portal.',
      'Review and respond to follow-ups from Defender Experts.',
    ]);
  });

  it('has distinct objects per table, so editing one cannot change the other', () => {
    expect(matrixRow('xdr', 'hunting')).toEqual(matrixRow('hunting', 'hunting'));
    expect(matrixRow('xdr', 'hunting')).not.toBe(matrixRow('hunting', 'hunting'));
  });
});

describe('matrixRow', () => {
  it('finds a row by service and area', () => {
    expect(matrixRow('xdr', 'incidentRemediation')?.partner).toEqual([
      'Act on and resolve incidents awaiting remediation actions.',
    ]);
    expect(matrixRow('hunting', 'reporting')?.title).toBe('Reporting');
  });

  it('returns undefined for an area the service does not have', () => {
    expect(matrixRow('hunting', 'incidentTriage')).toBeUndefined();
    expect(matrixRow('hunting', 'serviceReview')).toBeUndefined();
  });
});

describe('areaTitle', () => {
  it('names every area as the reference does', () => {
    expect(areaTitle('coHunting')).toBe('Co-hunting');
    expect(areaTitle('incidentTriage')).toBe('Incident triage');
    expect(responsibilityAreaSchema.options.map(areaTitle)).toEqual(referenceAreaNames);
  });
});

describe('schemas', () => {
  const validRow = {
    area: 'reporting',
    title: 'Reporting',
    defenderExperts: ['Post monthly reports'],
    partner: [],
    accessNote: 'note',
    partnerNote: 'note',
    portalOnly: true,
  };

  it('accepts a well-formed row', () => {
    expect(matrixRowSchema.safeParse(validRow).success).toBe(true);
  });

  it('rejects a title that is not the area name, an unknown area, or no Defender Experts duty', () => {
    expect(matrixRowSchema.safeParse({ ...validRow, title: 'Reports' }).success).toBe(false);
    expect(matrixRowSchema.safeParse({ ...validRow, area: 'billing' }).success).toBe(false);
    expect(matrixRowSchema.safeParse({ ...validRow, defenderExperts: [] }).success).toBe(false);
    expect(matrixRowSchema.safeParse({ ...validRow, partner: ['  '] }).success).toBe(false);
  });

  it('knows the tenant services, including none', () => {
    expect(tenantServiceSchema.options).toEqual(['xdr', 'hunting', 'none']);
    expect(defenderExpertsServiceSchema.safeParse('none').success).toBe(false);
  });
});
