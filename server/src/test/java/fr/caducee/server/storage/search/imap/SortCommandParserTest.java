package fr.caducee.server.storage.search.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.ImapSessionState;
import org.apache.james.imap.api.Tag;
import org.apache.james.imap.api.message.request.SearchKey;
import org.apache.james.imap.api.message.response.StatusResponse;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.decode.ImapRequestStreamLineReader;
import org.apache.james.imap.message.response.UnpooledStatusResponseFactory;
import org.junit.jupiter.api.Test;

import fr.caducee.server.storage.search.SortKey;

class SortCommandParserTest {
    private final SortCommandParser parser = new SortCommandParser(new UnpooledStatusResponseFactory());
    private final ImapSession session = mock(ImapSession.class);

    SortCommandParserTest() {
        when(session.getState()).thenReturn(ImapSessionState.SELECTED);
    }

    private ImapMessage parse(String arguments) {
        ImapRequestStreamLineReader reader = new ImapRequestStreamLineReader(
            new ByteArrayInputStream((arguments + "\r\n").getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream());
        return parser.parse(reader, new Tag("a1"), session);
    }

    @Test
    void sortKeysAreReadInOrderWithTheirReverse() {
        SortRequest request = (SortRequest) parse(" (REVERSE DATE subject DISPLAYFROM) UTF-8 ALL");
        assertThat(request.keys()).containsExactly(new SortKey.Order(SortKey.DATE, true),
            new SortKey.Order(SortKey.SUBJECT, false), new SortKey.Order(SortKey.DISPLAYFROM, false));
        assertThat(request.searchKey()).isEqualTo(SearchKey.buildAll());
        assertThat(request.useUids()).isFalse();
    }

    @Test
    void severalSearchKeysAreAnded() {
        SortRequest request = (SortRequest) parse(" (ARRIVAL) US-ASCII UNSEEN FROM labo");
        assertThat(request.keys()).containsExactly(new SortKey.Order(SortKey.ARRIVAL, false));
        assertThat(request.searchKey()).isEqualTo(SearchKey.buildAnd(List.of(SearchKey.buildUnseen(),
            SearchKey.buildFrom("labo"))));
    }

    @Test
    void theCharsetIsTheSearchStringsCharset() {
        SortRequest request = (SortRequest) parse(" (SUBJECT) UTF-8 SUBJECT {10+}\r\nRésultats");
        assertThat(request.searchKey()).isEqualTo(SearchKey.buildSubject("Résultats"));
    }

    @Test
    void anUnknownSortKeyIsABadCommand() {
        assertThat(((StatusResponse) parse(" (WEIGHT) UTF-8 ALL")).getServerResponseType())
            .isEqualTo(StatusResponse.Type.BAD);
        assertThat(((StatusResponse) parse(" () UTF-8 ALL")).getServerResponseType())
            .isEqualTo(StatusResponse.Type.BAD);
        assertThat(((StatusResponse) parse(" (SUBJECT REVERSE) UTF-8 ALL")).getServerResponseType())
            .isEqualTo(StatusResponse.Type.BAD);
    }

    @Test
    void anUnknownCharsetIsRefusedWithBadCharset() {
        StatusResponse response = (StatusResponse) parse(" (SUBJECT) X-UNKNOWN-9 ALL");
        assertThat(response.getServerResponseType()).isEqualTo(StatusResponse.Type.NO);
        assertThat(response.getResponseCode()).isEqualTo(StatusResponse.ResponseCode.badCharset());
    }
}
