import type { TileNote } from '../store/notices-slice';

/**
 * A confirmation or a refusal on the tile (or row) it concerns. Refusals are announced at once (the
 * alert region is always there, so it is heard when it fills); confirmations are also in the
 * polite notices, so here they are only seen.
 */
export function TileNoteLine({ note }: { note: TileNote | undefined }) {
  return (
    <>
      <div role="alert" className="tile-note-slot">
        {note?.tone === 'error' && (
          <p className="tile-note tile-note-error" data-testid="tile-note">
            {note.text}
            {note.code && <code className="notice-code">{note.code}</code>}
          </p>
        )}
      </div>
      {note?.tone === 'success' && <p className="tile-note tile-note-success" data-testid="tile-note">{note.text}</p>}
    </>
  );
}
