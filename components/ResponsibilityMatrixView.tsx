import { useState } from 'preact/hooks';
import {
  responsibilityMatrix,
  type DefenderExpertsService,
  type MatrixRow,
} from '@/utils/domain/responsibility-matrix';

const serviceNames: Record<DefenderExpertsService, string> = {
  xdr: 'Defender Experts for XDR',
  hunting: 'Defender Experts for Hunting',
};

function DutyList({ duties, emptyText }: { duties: readonly string[]; emptyText: string }) {
  if (duties.length === 0) return <span class="matrix__none">{emptyText}</span>;
  if (duties.length === 1) return <span>{duties[0]}</span>;
  return (
    <ul class="matrix__duties">
      {duties.map((duty) => (
        <li key={duty}>{duty}</li>
      ))}
    </ul>
  );
}

function MatrixRowView({ row }: { row: MatrixRow }) {
  return (
    <tr data-area={row.area}>
      <th scope="row">
        {row.title}
        {row.portalOnly && <span class="matrix__tag">Portal only</span>}
      </th>
      <td>
        <DutyList duties={row.defenderExperts} emptyText="(no action)" />
      </td>
      <td class="matrix__partner">
        <DutyList duties={row.partner} emptyText="(no action)" />
      </td>
      <td>{row.accessNote}</td>
      <td>{row.partnerNote}</td>
    </tr>
  );
}

/** Microsoft's "who does what" tables for both Defender Experts services, the partner's duties highlighted. */
export function ResponsibilityMatrixView() {
  const [service, setService] = useState<DefenderExpertsService>('xdr');
  return (
    <div class="matrix">
      <div class="matrix__switch" role="radiogroup" aria-label="Defender Experts service">
        {(Object.keys(serviceNames) as DefenderExpertsService[]).map((key) => (
          <label key={key}>
            <input
              type="radio"
              name="matrix-service"
              value={key}
              checked={service === key}
              onChange={() => setService(key)}
            />
            {serviceNames[key]}
          </label>
        ))}
      </div>
      <table class="matrix__table" aria-label={`Who does what: ${serviceNames[service]}`}>
        <thead>
          <tr>
            <th scope="col">Area</th>
            <th scope="col">Defender Experts</th>
            <th scope="col">You (customer SOC or MSSP)</th>
            <th scope="col">Access</th>
            <th scope="col">Notes for MSSP partners</th>
          </tr>
        </thead>
        <tbody>
          {responsibilityMatrix[service].map((row) => (
            <MatrixRowView key={row.area} row={row} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
