package fr.caducee.domain.importing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Objects;

/**
 * Writes every rejection to a writer as it happens, one JSON object per line (the same form as
 * {@link ImportReport#writeJsonLines}), so that a million rejections never sit in memory. The writer is flushed
 * after each line and never closed here. A failure to write stops the import: the caller asked for every rejection.
 */
public final class JsonLinesRejectionWriter implements ImportListener {

    private final Writer out;

    public JsonLinesRejectionWriter(Writer out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    @Override
    public synchronized void rejected(ImportRejection rejection) {
        try {
            out.write(Json.rejection(rejection));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the rejection of line " + rejection.line(), e);
        }
    }
}
