package fr.caducee.server.imap;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.apache.james.imap.api.ImapCommand;
import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.Tag;
import org.apache.james.imap.api.display.HumanReadableText;
import org.apache.james.imap.api.message.request.SearchKey;
import org.apache.james.imap.api.message.response.StatusResponse;
import org.apache.james.imap.api.message.response.StatusResponseFactory;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.decode.DecodingException;
import org.apache.james.imap.decode.ImapRequestLineReader;
import org.apache.james.imap.decode.parser.SearchCommandParser;

/**
 * Reads {@code SORT (criteria) charset search-keys} and {@code THREAD algorithm charset search-keys} (RFC 5256 4),
 * with or without {@code UID} before: the search keys are read by James's SEARCH parser, with the charset given.
 */
final class OrderedSearchParser extends SearchCommandParser {
    static final Set<String> ALGORITHMS = Set.of("REFERENCES", "ORDEREDSUBJECT");

    private final boolean sort;

    private OrderedSearchParser(boolean sort, StatusResponseFactory responses) {
        super(responses);
        this.sort = sort;
    }

    static OrderedSearchParser sort(StatusResponseFactory responses) {
        return new OrderedSearchParser(true, responses);
    }

    static OrderedSearchParser thread(StatusResponseFactory responses) {
        return new OrderedSearchParser(false, responses);
    }

    @Override
    public ImapCommand getCommand() {
        return sort ? OrderedSearchRequest.SORT : OrderedSearchRequest.THREAD;
    }

    @Override
    protected ImapMessage decode(ImapRequestLineReader request, Tag tag, boolean useUids, ImapSession session)
            throws DecodingException {
        List<SortCriterion> criteria = sort ? criteria(request) : List.of();
        String algorithm = sort ? null : algorithm(request);
        Charset charset;
        try {
            charset = Charset.forName(request.astring());
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return taggedNo(tag, getCommand(), HumanReadableText.BAD_CHARSET, StatusResponse.ResponseCode.badCharset());
        }
        SearchKey key = keys(request, session, charset);
        return sort ? OrderedSearchRequest.sort(criteria, key, useUids, tag)
            : OrderedSearchRequest.thread(algorithm, key, useUids, tag);
    }

    private static List<SortCriterion> criteria(ImapRequestLineReader request) throws DecodingException {
        request.nextWordChar();
        request.consumeChar('(');
        List<SortCriterion> criteria = new ArrayList<>();
        boolean reverse = false;
        while (true) {
            String word = request.atom();
            if ("REVERSE".equalsIgnoreCase(word)) {
                reverse = true;
            } else {
                SortCriterion.Key key = SortCriterion.Key.named(word).orElseThrow(() ->
                    new DecodingException(HumanReadableText.ILLEGAL_ARGUMENTS, "Unknown sort criterion: " + word));
                criteria.add(new SortCriterion(key, reverse));
                reverse = false;
            }
            if (request.nextWordChar() == ')') {
                request.consume();
                break;
            }
        }
        if (reverse) {
            throw new DecodingException(HumanReadableText.ILLEGAL_ARGUMENTS, "REVERSE must come before a criterion");
        }
        return criteria;
    }

    private static String algorithm(ImapRequestLineReader request) throws DecodingException {
        String algorithm = request.atom().toUpperCase(Locale.ROOT);
        if (!ALGORITHMS.contains(algorithm)) {
            throw new DecodingException(HumanReadableText.ILLEGAL_ARGUMENTS,
                "Unknown thread algorithm: " + algorithm + " (REFERENCES or ORDEREDSUBJECT)");
        }
        return algorithm;
    }

    /** The search keys to the end of the line, all to be met, as James's SEARCH reads them. */
    private SearchKey keys(ImapRequestLineReader request, ImapSession session, Charset charset)
            throws DecodingException {
        Context context = new Context();
        context.setCharset(charset);
        List<SearchKey> keys = new ArrayList<>();
        request.nextWordChar();
        keys.add(searchKey(session, request, context, false));
        while (request.nextChar() == ' ') {
            request.nextWordChar();
            keys.add(searchKey(session, request, context, false));
        }
        request.eol();
        return keys.size() == 1 ? keys.get(0) : SearchKey.buildAnd(keys);
    }
}
