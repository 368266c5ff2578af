package fr.caducee.server.imap;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.james.imap.api.Tag;
import org.apache.james.imap.api.message.BodyFetchElement;
import org.apache.james.imap.api.message.FetchData;
import org.apache.james.imap.api.message.IdRange;
import org.apache.james.imap.api.message.SectionType;
import org.apache.james.imap.message.request.FetchRequest;
import org.junit.jupiter.api.Test;

/** A FETCH in an examined mailbox reads without setting {@code \Seen} (the refusals are tested over IMAP). */
class ReadOnlySelectionGuardTest {

    @Test
    void aFetchThatWouldSetSeenIsAskedAsItsPeekFormWithEverythingElseKept() {
        BodyFetchElement text = new BodyFetchElement("BODY[1]", SectionType.CONTENT, new int[] {1}, null, 0L, 100L);
        FetchData data = FetchData.builder().fetch(FetchData.Item.FLAGS, FetchData.Item.UID).changedSince(7)
            .add(BodyFetchElement.createRFC822(), false).add(text, false).build();
        IdRange[] ids = {new IdRange(1, 3)};
        FetchRequest fetch = new FetchRequest(true, ids, data, new Tag("a1"));

        FetchRequest peek = ReadOnlySelectionGuard.peeking(fetch);

        assertThat(data.isSetSeen()).isTrue();
        assertThat(peek.getFetch().isSetSeen()).isFalse();
        assertThat(peek.getFetch().getBodyElements()).containsExactlyElementsOf(data.getBodyElements());
        assertThat(peek.getFetch().contains(FetchData.Item.FLAGS)).isTrue();
        assertThat(peek.getFetch().contains(FetchData.Item.UID)).isTrue();
        assertThat(peek.getFetch().contains(FetchData.Item.MODSEQ)).isEqualTo(data.contains(FetchData.Item.MODSEQ));
        assertThat(peek.getFetch().getChangedSince()).isEqualTo(7);
        assertThat(peek.isUseUids()).isTrue();
        assertThat(peek.getIdSet()).isSameAs(ids);
        assertThat(peek.getTag()).isEqualTo(new Tag("a1"));
    }
}
