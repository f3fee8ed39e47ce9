import { useCallback, useEffect, useState } from 'react';
import type { ApiOutput } from '../../api/contract';
import { call } from '../api/client';
import { errorText, useT } from '../i18n';
import { useApproval, verifyManagerPin } from '../stores/approval';
import { Modal } from './Modal';
import { PinPad } from './PinPad';

type Users = ApiOutput<'auth.users'>;

export function ApprovalDialog() {
  const pending = useApproval((s) => s.pending);
  return pending ? <ApprovalForm reason={pending.reason} /> : null;
}

function ApprovalForm({ reason }: { reason: string }) {
  const t = useT();
  const settle = useApproval((s) => s.settle);
  const [managers, setManagers] = useState<Users>([]);
  const [managerId, setManagerId] = useState<number | null>(null);
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    call('auth.users', {})
      .then((users) => {
        const list = users.filter((u) => u.role !== 'cashier');
        setManagers(list);
        if (list.length === 1) setManagerId(list[0]?.id ?? null);
      })
      .catch((err: unknown) => setError(errorText(err)));
  }, []);

  const submit = useCallback(async () => {
    if (managerId === null || pin.length < 4 || busy) return;
    setBusy(true);
    setError(null);
    try {
      const who = await verifyManagerPin(managerId, pin);
      if (!who.manager) {
        setError(t('approval.notManager', { name: who.name }));
        setPin('');
        return;
      }
      settle({ ok: true, approval: { managerId, pin } });
    } catch (err) {
      setError(errorText(err));
      setPin('');
    } finally {
      setBusy(false);
    }
  }, [managerId, pin, busy, settle, t]);

  return (
    <Modal title={t('approval.title')} onClose={() => settle({ ok: false })}>
      <p className="approval-reason">{reason}</p>
      <div className="tiles tiles-small" role="radiogroup" aria-label={t('approval.manager')}>
        {managers.map((m) => (
          <button
            key={m.id}
            type="button"
            role="radio"
            aria-checked={m.id === managerId}
            className={m.id === managerId ? 'tile tile-active' : 'tile'}
            onClick={() => setManagerId(m.id)}
          >
            {m.name}
          </button>
        ))}
      </div>
      <PinPad
        value={pin}
        onChange={setPin}
        onSubmit={() => void submit()}
        label={t('approval.pin')}
        busy={busy}
      />
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="button" className="btn" onClick={() => settle({ ok: false })}>
          {t('common.cancel')}
        </button>
      </div>
    </Modal>
  );
}
