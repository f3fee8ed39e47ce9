import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { startCustomerDisplay } from './customer-display';
import { useI18n } from './i18n';
import { useUi } from './stores/ui';
import './styles.css';

useI18n.getState().setLang('fr');
startCustomerDisplay();
const fromHash = location.hash.replace(/^#\/?/, '');
if (fromHash) useUi.getState().navigate(fromHash);

const root = document.getElementById('root');
if (root)
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
