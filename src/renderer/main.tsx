import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, installNavigationShortcuts } from './app';
import { createBridge } from './bridge';
import { createBenchStore, StoreContext } from './store/store';
import './styles.css';

const store = createBenchStore(createBridge());
installNavigationShortcuts();
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <StoreContext.Provider value={store}>
      <App />
    </StoreContext.Provider>
  </StrictMode>,
);
