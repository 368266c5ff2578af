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

import fr.caducee.server.storage.search.SortKey;

/**
 * Reads {@code SORT (criteria) charset search-keys} and {@code THREAD algorithm charset search-keys} (RFC 5256 4),
 * with or without {@code UID} before: the search keys are read by James's SEARCH parser, with the charset given. The
 * sort keys are those of RFC 5256 and RFC 5957 (DISPLAYFROM, DISPLAYTO). A command that cannot be read is answered
 * {@code BAD} in its own name (James's parser would say SEARCH, the name it was built with).
 */
final class OrderedSearchParser extends SearchCommandParser {
    static final Set<String> ALGORITHMS = Set.of("REFERENCES", "ORDEREDSUBJECT");

    private final boolean sort;
    private final StatusResponseFactory responses;

    private OrderedSearchParser(boolean sort, StatusResponseFactory responses) {
        super(responses);
        this.sort = sort;
        this.responses = responses;
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
    protected ImapMessage decode(ImapRequestLineReader request, Tag tag, boolean useUids, ImapSession session) {
        try {
            return ordered(request, tag, useUids, session);
        } catch (DecodingException e) {
            return responses.taggedBad(tag, getCommand(), e.getKey());
        }
    }

    private ImapMessage ordered(ImapRequestLineReader request, Tag tag, boolean useUids, ImapSession session)
            throws DecodingException {
        List<SortKey.Order> criteria = sort ? criteria(request) : List.of();
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

    private static List<SortKey.Order> criteria(ImapRequestLineReader request) throws DecodingException {
        request.nextWordChar();
        request.consumeChar('(');
        List<SortKey.Order> criteria = new ArrayList<>();
        boolean reverse = false;
        while (true) {
            if (request.nextWordChar() == ')') {
                request.consume();
                break;
            }
            String word = request.atom().toUpperCase(Locale.ROOT);
            if ("REVERSE".equals(word)) {
                if (reverse) {
                    throw new DecodingException(HumanReadableText.ILLEGAL_ARGUMENTS, "REVERSE twice in a row");
                }
                reverse = true;
                continue;
            }
            criteria.add(new SortKey.Order(key(word), reverse));
            reverse = false;
        }
        if (criteria.isEmpty() || reverse) {
            throw new DecodingException(HumanReadableText.ILLEGAL_ARGUMENTS,
                "SORT needs at least one sort criterion, REVERSE before one");
        }
        return criteria;
    }

    private static SortKey key(String word) throws DecodingException {
        return switch (word) {
            case "ARRIVAL" -> SortKey.ARRIVAL;
            case "CC" -> SortKey.CC;
            case "DATE" -> SortKey.DATE;
            case "FROM" -> SortKey.FROM;
            case "SIZE" -> SortKey.SIZE;
            case "SUBJECT" -> SortKey.SUBJECT;
            case "TO" -> SortKey.TO;
            case "DISPLAYFROM" -> SortKey.DISPLAYFROM;
            case "DISPLAYTO" -> SortKey.DISPLAYTO;
            default -> throw new DecodingException(HumanReadableText.ILLEGAL_ARGUMENTS,
                "Unknown sort criterion: " + word);
        };
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
