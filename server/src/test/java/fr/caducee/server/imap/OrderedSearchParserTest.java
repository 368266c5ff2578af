package fr.caducee.server.imap;

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

/** RFC 5256 4: SORT and THREAD as the client writes them. */
class OrderedSearchParserTest {
    private final OrderedSearchParser parser = OrderedSearchParser.sort(new UnpooledStatusResponseFactory());
    private final OrderedSearchParser thread = OrderedSearchParser.thread(new UnpooledStatusResponseFactory());
    private final ImapSession session = mock(ImapSession.class);

    OrderedSearchParserTest() {
        when(session.getState()).thenReturn(ImapSessionState.SELECTED);
    }

    private ImapMessage parse(String arguments) {
        return parse(parser, arguments);
    }

    private ImapMessage parse(OrderedSearchParser parser, String arguments) {
        ImapRequestStreamLineReader reader = new ImapRequestStreamLineReader(
            new ByteArrayInputStream((arguments + "\r\n").getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream());
        return parser.parse(reader, new Tag("a1"), session);
    }

    @Test
    void sortKeysAreReadInOrderWithTheirReverse() {
        OrderedSearchRequest request = (OrderedSearchRequest) parse(" (REVERSE DATE subject DISPLAYFROM) UTF-8 ALL");
        assertThat(request.criteria()).containsExactly(new SortKey.Order(SortKey.DATE, true),
            new SortKey.Order(SortKey.SUBJECT, false), new SortKey.Order(SortKey.DISPLAYFROM, false));
        assertThat(request.key()).isEqualTo(SearchKey.buildAll());
        assertThat(request.useUids()).isFalse();
    }

    @Test
    void severalSearchKeysAreAnded() {
        OrderedSearchRequest request = (OrderedSearchRequest) parse(" (ARRIVAL) US-ASCII UNSEEN FROM labo");
        assertThat(request.criteria()).containsExactly(new SortKey.Order(SortKey.ARRIVAL, false));
        assertThat(request.key()).isEqualTo(SearchKey.buildAnd(List.of(SearchKey.buildUnseen(),
            SearchKey.buildFrom("labo"))));
    }

    @Test
    void theCharsetIsTheSearchStringsCharset() {
        OrderedSearchRequest request = (OrderedSearchRequest) parse(" (SUBJECT) UTF-8 SUBJECT {10+}\r\nRésultats");
        assertThat(request.key()).isEqualTo(SearchKey.buildSubject("Résultats"));
    }

    @Test
    void threadReadsItsAlgorithmThenTheSearchKeys() {
        OrderedSearchRequest request = (OrderedSearchRequest) parse(thread, " references UTF-8 UNSEEN");
        assertThat(request.isSort()).isFalse();
        assertThat(request.algorithm()).isEqualTo("REFERENCES");
        assertThat(request.key()).isEqualTo(SearchKey.buildUnseen());
    }

    @Test
    void aCommandThatCannotBeReadIsABadCommandInItsOwnName() {
        StatusResponse sort = (StatusResponse) parse(" (WEIGHT) UTF-8 ALL");
        assertThat(sort.getServerResponseType()).isEqualTo(StatusResponse.Type.BAD);
        assertThat(sort.getCommand().getName()).isEqualTo("SORT");
        StatusResponse threadBad = (StatusResponse) parse(thread, " BYDATE UTF-8 ALL");
        assertThat(threadBad.getServerResponseType()).isEqualTo(StatusResponse.Type.BAD);
        assertThat(threadBad.getCommand().getName()).isEqualTo("THREAD");
        assertThat(((StatusResponse) parse(" (SUBJECT) UTF-8 1:x")).getCommand().getName()).isEqualTo("SORT");
    }

    @Test
    void anUnknownOrMissingSortKeyIsABadCommand() {
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
