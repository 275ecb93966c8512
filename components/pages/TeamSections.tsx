/**
 * "You and your team" and "SLA": who is never looked up (own addresses, colleagues' domains),
 * the name outcomes are recorded under, and the follow-up clock's rules.
 */
import type { Settings } from '../../lib/settings/schema';
import { stageLabel } from '../../lib/sidebar/labels';
import { bind } from './bind';
import { CheckboxField, FieldErrors, ListField, NumberField, SelectField, TextField } from './fields';
import { Section } from './Section';
import type { SettingsForm } from './settings-form';

export function YouSection({ form }: { form: SettingsForm }) {
  const draft = form.draft.value;
  if (!draft) return null;
  const you = draft.you;
  return (
    <Section
      id="you"
      title="You and your team"
      intro="Loopline never looks up your own addresses or your colleagues’: internal mail is not a lead."
    >
      <TextField
        label="Your name"
        autoComplete="name"
        hint="Recorded with each outcome, so marketing knows who to ask."
        {...bind(form, 'you.name', you.name, (d, v) => void (d.you.name = v))}
      />
      <ListField
        label="Your own addresses"
        placeholder="you@yourcompany.com"
        hint="One per line."
        {...bind(form, 'you.ownAddresses', you.ownAddresses, (d, v) => void (d.you.ownAddresses = v))}
      />
      <ListField
        label="Internal domains"
        placeholder="yourcompany.com"
        hint="One per line. Anyone at these domains is a colleague."
        {...bind(
          form,
          'you.internalDomains',
          you.internalDomains,
          (d, v) => void (d.you.internalDomains = v),
        )}
      />
      <CheckboxField
        label="Look up free-mail addresses (gmail.com, outlook.com, …)"
        hint="Many small-business leads use one. Switch off if yours never do."
        checked={you.lookUpFreeMail}
        onValue={(on) => form.update((d) => void (d.you.lookUpFreeMail = on))}
      />
    </Section>
  );
}

const DAYS = [
  [1, 'Monday'],
  [2, 'Tuesday'],
  [3, 'Wednesday'],
  [4, 'Thursday'],
  [5, 'Friday'],
  [6, 'Saturday'],
  [0, 'Sunday'],
] as const;

export const STAGES = [
  'subscriber',
  'lead',
  'marketingqualifiedlead',
  'salesqualifiedlead',
  'opportunity',
  'customer',
];

const hourLabel = (hour: number) => `${String(hour).padStart(2, '0')}:00`;

export function SlaSection({
  form,
  timeZones,
  localTimeZone,
}: {
  form: SettingsForm;
  timeZones: readonly string[];
  localTimeZone: string;
}) {
  const draft = form.draft.value;
  if (!draft) return null;
  const sla = draft.sla;
  const zones = sla.timeZone && !timeZones.includes(sla.timeZone) ? [sla.timeZone, ...timeZones] : timeZones;
  const stages = STAGES.includes(sla.startStage) ? STAGES : [sla.startStage, ...STAGES];
  const daysErrors = form.errorsFor('sla.businessDays');
  const setDay = (day: number, on: boolean) =>
    form.update((d: Settings) => {
      const days = new Set(d.sla.businessDays);
      if (on) days.add(day);
      else days.delete(day);
      d.sla.businessDays = [...days].sort((a, b) => a - b);
    });
  return (
    <Section
      id="sla"
      title="Service level agreement"
      intro="The follow-up clock in the sidebar: how long sales has to follow up once a lead reaches the start stage."
    >
      <NumberField
        label="Follow up within"
        unit="hours"
        min={0.5}
        max={720}
        step="any"
        {...bind(form, 'sla.hours', sla.hours, (d, v) => void (d.sla.hours = v))}
      />
      <SelectField
        label="The clock starts when a lead becomes"
        options={stages.map((stage) => ({ value: stage, label: stageLabel(stage) }))}
        {...bind(form, 'sla.startStage', sla.startStage, (d, v) => void (d.sla.startStage = v))}
      />
      <CheckboxField
        label="Count business hours only"
        checked={sla.businessHoursOnly}
        onValue={(on) => form.update((d) => void (d.sla.businessHoursOnly = on))}
      />
      <fieldset
        class="group"
        disabled={!sla.businessHoursOnly}
        aria-describedby={daysErrors.length ? 'sla-days-error' : undefined}
      >
        <legend>Working days</legend>
        <div class="days">
          {DAYS.map(([day, label]) => (
            <CheckboxField
              key={day}
              label={label}
              checked={sla.businessDays.includes(day)}
              onValue={(on) => setDay(day, on)}
            />
          ))}
        </div>
        <FieldErrors id="sla-days-error" messages={daysErrors} />
      </fieldset>
      <div class="row">
        <SelectField
          label="Working day starts"
          options={Array.from({ length: 24 }, (_, hour) => ({ value: String(hour), label: hourLabel(hour) }))}
          {...bind(
            form,
            'sla.dayStartHour',
            String(sla.dayStartHour),
            (d, v) => void (d.sla.dayStartHour = Number(v)),
          )}
        />
        <SelectField
          label="Working day ends"
          options={Array.from({ length: 24 }, (_, i) => ({ value: String(i + 1), label: hourLabel(i + 1) }))}
          {...bind(
            form,
            'sla.dayEndHour',
            String(sla.dayEndHour),
            (d, v) => void (d.sla.dayEndHour = Number(v)),
          )}
        />
      </div>
      <SelectField
        label="Time zone"
        options={[
          { value: '', label: `This browser’s (${localTimeZone})` },
          ...zones.map((zone) => ({ value: zone, label: zone.replace(/_/g, ' ') })),
        ]}
        {...bind(form, 'sla.timeZone', sla.timeZone, (d, v) => void (d.sla.timeZone = v))}
      />
    </Section>
  );
}
