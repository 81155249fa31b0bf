import { IconCable } from './icons';

/** Instead of an empty grid: how to get a Mac to show up here. */
export function EmptyBench({ roots }: { roots: readonly string[] }) {
  return (
    <section className="panel empty-bench" aria-labelledby="empty-title" data-testid="empty-bench">
      <IconCable size={40} />
      <h2 id="empty-title">Connect a Mac to start</h2>
      <div className="empty-columns">
        <div>
          <h3>Mac with Apple silicon (M1 and later)</h3>
          <ol>
            <li>Connect it to this Mac with a USB-C or Thunderbolt cable.</li>
            <li>Turn it on by pressing and holding the power button until “Loading startup options” appears.</li>
            <li>Choose <b>Options</b>, then in Recovery choose <b>Utilities › Share Disk</b>, select the disk and click <b>Start Sharing</b>.</li>
            <li>On this Mac, open the shared disk in Finder › Network and connect as <b>Guest</b>. It appears here.</li>
          </ol>
        </div>
        <div>
          <h3>Intel Mac</h3>
          <ol>
            <li>Connect it with a Thunderbolt or USB-C cable.</li>
            <li>Start it while holding the <b>T</b> key: it starts in Target Disk Mode.</li>
            <li>If its disk is protected by FileVault, unlock it when this Mac asks.</li>
            <li>Its disk appears here.</li>
          </ol>
        </div>
        <div>
          <h3>No cable?</h3>
          <p>Plug in a USB drive: the bench puts the profile and instructions on it to carry to each Mac.</p>
        </div>
      </div>
      <p className="muted small">Watching: {roots.length ? roots.join(', ') : 'the system’s volume folders'}.</p>
    </section>
  );
}
