package fr.caducee.server.storage;

import org.apache.james.mailbox.extractor.TextExtractor;
import org.apache.james.mailbox.store.extractor.JsoupTextExtractor;
import org.apache.james.mailbox.store.search.MessageSearchIndex;
import org.apache.james.mailbox.store.search.SimpleMessageSearchIndex;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;

/**
 * IMAP SEARCH by reading the mailbox's messages from the database at search time (the default,
 * {@code caducee.search=scan}). It decodes headers and bodies as RFC 3501 requires (substring match on decoded
 * text, accented subjects included) and cannot disagree with the mailbox, even after a crash. Its cost grows with
 * the size of the mailbox searched (see docs/BENCHMARKS.md); its memory does not: the mailbox is read a page at a time
 * ({@link PagedScanSearchIndex}).
 */
public class ScanSearchModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(JsoupTextExtractor.class).in(Scopes.SINGLETON);
        bind(TextExtractor.class).to(JsoupTextExtractor.class);
        bind(SimpleMessageSearchIndex.class).in(Scopes.SINGLETON);
        bind(PagedScanSearchIndex.class).in(Scopes.SINGLETON);
        bind(MessageSearchIndex.class).to(PagedScanSearchIndex.class);
    }
}
