import { useEffect, useState } from 'react';
import type { ApiOutput } from '../../../api/contract';
import { call } from '../../api/client';
import { errorText, useT } from '../../i18n';
import { ErrorLine, TextField, useLoad } from './shared';

type Config = ApiOutput<'devices.get'>;
type Printer = NonNullable<Config['printer']>;
type Scale = NonNullable<Config['scale']>;
type Links = ApiOutput<'devices.status'>;
/** The station retries a missing device in the background; the screen only has to keep looking. */
const STATUS_EVERY_MS = 2000;
const SCALE_PROTOCOLS = ['toledo-8217', 'nci', 'cas-pd2', 'cas-continuous', 'dibal', 'mt-sics'] as const;

interface PrinterForm {
  enabled: boolean;
  name: string;
  kind: 'tcp' | 'usb' | 'serial';
  host: string;
  port: string;
  path: string;
  baudRate: string;
  paper: Printer['paper'];
  commandSet: Printer['commandSet'];
  drawer: boolean;
  drawerPin: '0' | '1';
  autoPrint: boolean;
}
interface ScaleForm {
  enabled: boolean;
  path: string;
  protocol: Scale['protocol'];
  baudRate: string;
}

function printerForm(p: Config['printer']): PrinterForm {
  const tr = p?.transport;
  return {
    enabled: p !== null,
    name: p?.name ?? 'Ticket',
    kind: tr?.kind ?? 'tcp',
    host: tr?.kind === 'tcp' ? tr.host : '',
    port: tr?.kind === 'tcp' ? String(tr.port ?? 9100) : '9100',
    path: tr && tr.kind !== 'tcp' ? tr.path : '',
    baudRate: tr?.kind === 'serial' ? String(tr.baudRate) : '9600',
    paper: p?.paper ?? '80mm',
    commandSet: p?.commandSet ?? 'epson',
    drawer: p?.drawer !== undefined,
    drawerPin: p?.drawer?.pin === 1 ? '1' : '0',
    autoPrint: p?.autoPrint ?? true,
  };
}

const int = (s: string) => (/^\d{1,6}$/.test(s.trim()) ? Number(s.trim()) : null);

/** The form back to the contract's shape, or null while a required field is missing. */
function toConfig(p: PrinterForm, s: ScaleForm): Config | null {
  let printer: Config['printer'] = null;
  if (p.enabled) {
    let transport: Printer['transport'];
    if (p.kind === 'tcp') {
      const port = int(p.port);
      if (p.host.trim() === '' || port === null) return null;
      transport = { kind: 'tcp', host: p.host.trim(), port };
    } else if (p.kind === 'usb') {
      if (p.path.trim() === '') return null;
      transport = { kind: 'usb', path: p.path.trim() };
    } else {
      const baudRate = int(p.baudRate);
      if (p.path.trim() === '' || baudRate === null) return null;
      transport = { kind: 'serial', path: p.path.trim(), baudRate };
    }
    if (p.name.trim() === '') return null;
    printer = {
      name: p.name.trim(),
      transport,
      paper: p.paper,
      commandSet: p.commandSet,
      autoPrint: p.autoPrint,
      // Epson's usual kick: 100 ms on, 100 ms off on the chosen drawer pin.
      ...(p.drawer ? { drawer: { pin: p.drawerPin === '1' ? 1 : 0, onMs: 100, offMs: 100 } } : {}),
    };
  }
  let scale: Config['scale'] = null;
  if (s.enabled) {
    const baudRate = int(s.baudRate);
    if (s.path.trim() === '' || baudRate === null) return null;
    scale = { path: s.path.trim(), protocol: s.protocol, serial: { baudRate } };
  }
  return { printer, scale };
}

export function DevicesTab() {
  const t = useT();
  const { data, error } = useLoad(() => call('devices.get', {}), []);
  return (
    <div>
      <ErrorLine error={error} />
      {data && <DevicesForm initial={data} />}
      {!data && !error && <p className="muted">{t('app.loading')}</p>}
    </div>
  );
}

/** Whether the station holds the device's port; the reason (English, from the OS) as a tooltip. */
function LinkBadge({ link }: { link: Links['scale'] | undefined }) {
  const t = useT();
  if (!link) return null;
  return (
    <p
      className={link.status === 'connected' ? 'notice' : 'muted'}
      role="status"
      title={link.error ?? undefined}
    >
      {t(`mgr.dev.link.${link.status}`)}
    </p>
  );
}

/** A serial device path, with the ports the station found offered as suggestions. */
function PortField(props: { value: string; onChange(value: string): void }) {
  const t = useT();
  return (
    <label className="field">
      <span>{t('mgr.dev.path')}</span>
      <input
        dir="ltr"
        list="serial-ports"
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </label>
  );
}

function DevicesForm({ initial }: { initial: Config }) {
  const t = useT();
  const [p, setP] = useState(() => printerForm(initial.printer));
  const [s, setS] = useState<ScaleForm>(() => ({
    enabled: initial.scale !== null,
    path: initial.scale?.path ?? '',
    protocol: initial.scale?.protocol ?? 'toledo-8217',
    baudRate: String(initial.scale?.serial?.baudRate ?? 9600),
  }));
  const [displayPath, setDisplayPath] = useState(initial.display?.path ?? '');
  const [scannerPath, setScannerPath] = useState(initial.scanner?.path ?? '');
  const [scannerSuffix, setScannerSuffix] = useState<'CR' | 'LF' | 'CRLF' | 'none'>(
    initial.scanner?.suffix ?? 'CR',
  );
  const ports = useLoad(() => call('devices.listPorts', {}), []);
  const links = useLoad(() => call('devices.status', {}), []);
  const reloadLinks = links.reload;
  useEffect(() => {
    const timer = setInterval(reloadLinks, STATUS_EVERY_MS);
    return () => clearInterval(timer);
  }, [reloadLinks]);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const base = toConfig(p, s);
  // The pole display and a serial scanner are optional: an empty path means none.
  const config: Config | null = base && {
    ...base,
    display: displayPath.trim() ? { ...initial.display, path: displayPath.trim() } : null,
    scanner: scannerPath.trim()
      ? { ...initial.scanner, path: scannerPath.trim(), suffix: scannerSuffix }
      : null,
  };

  const run = async (what: () => Promise<string>) => {
    setError(null);
    setStatus(null);
    try {
      setStatus(await what());
    } catch (err) {
      setError(errorText(err));
    }
  };

  const portList = (
    <datalist id="serial-ports">
      {(ports.data ?? []).map((x) => (
        <option key={x.path} value={x.path}>
          {x.manufacturer ?? ''}
        </option>
      ))}
    </datalist>
  );

  return (
    <div>
      {portList}
      <h2>{t('mgr.dev.printer')}</h2>
      <label className="check">
        <input
          type="checkbox"
          checked={p.enabled}
          onChange={(e) => setP({ ...p, enabled: e.target.checked })}
        />
        {t('mgr.dev.enabled')}
      </label>
      {p.enabled && (
        <div className="form-grid">
          <TextField label={t('mgr.user.name')} value={p.name} onChange={(v) => setP({ ...p, name: v })} />
          <label className="field">
            <span>{t('mgr.dev.transport')}</span>
            <select
              value={p.kind}
              onChange={(e) => setP({ ...p, kind: e.target.value as PrinterForm['kind'] })}
            >
              <option value="tcp">TCP/IP</option>
              <option value="usb">USB</option>
              <option value="serial">{t('mgr.dev.serial')}</option>
            </select>
          </label>
          {p.kind === 'tcp' && (
            <>
              <TextField
                label={t('mgr.dev.host')}
                value={p.host}
                dir="ltr"
                onChange={(v) => setP({ ...p, host: v })}
              />
              <TextField
                label={t('mgr.dev.port')}
                value={p.port}
                dir="ltr"
                inputMode="numeric"
                invalid={int(p.port) === null}
                onChange={(v) => setP({ ...p, port: v })}
              />
            </>
          )}
          {p.kind !== 'tcp' && <PortField value={p.path} onChange={(path) => setP({ ...p, path })} />}
          {p.kind === 'serial' && (
            <TextField
              label={t('mgr.dev.baud')}
              value={p.baudRate}
              dir="ltr"
              inputMode="numeric"
              onChange={(v) => setP({ ...p, baudRate: v })}
            />
          )}
          <label className="field">
            <span>{t('mgr.dev.paper')}</span>
            <select
              value={p.paper}
              onChange={(e) => setP({ ...p, paper: e.target.value as Printer['paper'] })}
            >
              <option value="58mm">58 mm</option>
              <option value="80mm">80 mm</option>
            </select>
          </label>
          <label className="field">
            <span>{t('mgr.dev.commandSet')}</span>
            <select
              value={p.commandSet}
              onChange={(e) => setP({ ...p, commandSet: e.target.value as Printer['commandSet'] })}
            >
              <option value="epson">Epson (ESC/POS)</option>
              <option value="star">Star</option>
            </select>
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={p.drawer}
              onChange={(e) => setP({ ...p, drawer: e.target.checked })}
            />
            {t('mgr.dev.drawer')}
          </label>
          {p.drawer && (
            <label className="field">
              <span>{t('mgr.dev.drawerPin')}</span>
              <select
                value={p.drawerPin}
                onChange={(e) => setP({ ...p, drawerPin: e.target.value as '0' | '1' })}
              >
                <option value="0">2</option>
                <option value="1">5</option>
              </select>
            </label>
          )}
          <label className="check">
            <input
              type="checkbox"
              checked={p.autoPrint}
              onChange={(e) => setP({ ...p, autoPrint: e.target.checked })}
            />
            {t('mgr.dev.autoPrint')}
          </label>
        </div>
      )}
      <h2>{t('mgr.dev.scale')}</h2>
      <label className="check">
        <input
          type="checkbox"
          checked={s.enabled}
          onChange={(e) => setS({ ...s, enabled: e.target.checked })}
        />
        {t('mgr.dev.enabled')}
      </label>
      <LinkBadge link={links.data?.scale} />
      {s.enabled && (
        <div className="form-grid">
          <PortField value={s.path} onChange={(path) => setS({ ...s, path })} />
          <label className="field">
            <span>{t('mgr.dev.protocol')}</span>
            <select
              value={s.protocol}
              onChange={(e) => setS({ ...s, protocol: e.target.value as Scale['protocol'] })}
            >
              {SCALE_PROTOCOLS.map((x) => (
                <option key={x} value={x}>
                  {x}
                </option>
              ))}
            </select>
          </label>
          <TextField
            label={t('mgr.dev.baud')}
            value={s.baudRate}
            dir="ltr"
            inputMode="numeric"
            onChange={(v) => setS({ ...s, baudRate: v })}
          />
        </div>
      )}
      <h2>{t('mgr.dev.display')}</h2>
      <LinkBadge link={links.data?.display} />
      <div className="form-grid">
        <PortField value={displayPath} onChange={setDisplayPath} />
      </div>
      <h2>{t('mgr.dev.scanner')}</h2>
      <LinkBadge link={links.data?.scanner} />
      <div className="form-grid">
        <PortField value={scannerPath} onChange={setScannerPath} />
        <label className="field">
          <span>{t('mgr.dev.scannerSuffix')}</span>
          <select
            value={scannerSuffix}
            onChange={(e) => setScannerSuffix(e.target.value as typeof scannerSuffix)}
          >
            {(['CR', 'LF', 'CRLF', 'none'] as const).map((x) => (
              <option key={x} value={x}>
                {x}
              </option>
            ))}
          </select>
        </label>
      </div>
      {status && (
        <p className="notice notice-success" role="status">
          {status}
        </p>
      )}
      <ErrorLine error={error} />
      <div className="actions">
        <button
          type="button"
          className="btn btn-primary"
          disabled={config === null}
          onClick={() =>
            config &&
            void run(async () => {
              await call('devices.configure', config);
              reloadLinks();
              return t('mgr.saved');
            })
          }
        >
          {t('mgr.save')}
        </button>
        <button
          type="button"
          className="btn"
          onClick={() =>
            void run(async () =>
              t('mgr.dev.testPrinted', { printer: (await call('devices.testPrint', {})).printer }),
            )
          }
        >
          {t('mgr.dev.testPrint')}
        </button>
        <button
          type="button"
          className="btn"
          onClick={() =>
            void run(async () => t('mgr.dev.weight', { grams: (await call('devices.readScale', {})).grams }))
          }
        >
          {t('mgr.dev.readScale')}
        </button>
      </div>
    </div>
  );
}
