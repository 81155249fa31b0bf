import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, installNavigationShortcuts } from './app';
import { createBridge } from './bridge';
import { installShortcuts, runCommand } from './commands';
import { navigate } from './routing';
import { createBenchStore, StoreContext } from './store/store';
import './styles.css';

const bridge = createBridge();
const store = createBenchStore(bridge);
installNavigationShortcuts();
installShortcuts(store);
// An undoable action still waiting when the page goes away is carried out, not lost.
window.addEventListener('pagehide', () => store.getState().flushPending());
bridge.onShellCommand((command) => {
  if (command.kind === 'navigate') navigate(command.route);
  else if (command.kind === 'command') runCommand(store, command.command);
  else store.getState().notify(command.tone, command.text);
});
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <StoreContext.Provider value={store}>
      <App />
    </StoreContext.Provider>
  </StrictMode>,
);
