package fr.caducee.server.storage.search.imap;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.inject.Inject;

import org.apache.james.imap.api.ImapCommand;
import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.Tag;
import org.apache.james.imap.api.display.HumanReadableText;
import org.apache.james.imap.api.message.response.StatusResponse;
import org.apache.james.imap.api.message.response.StatusResponseFactory;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.decode.DecodingException;
import org.apache.james.imap.decode.ImapRequestLineReader;

import fr.caducee.server.storage.search.SortKey;

/**
 * Reads {@code SORT (REVERSE SUBJECT DATE) UTF-8 UNSEEN} and its {@code UID SORT} form (RFC 5256, keys of RFC 5957
 * too). The search keys after the charset are SEARCH's, read by James's own search parser.
 */
public class SortCommandParser extends SearchKeysParser {
    private final StatusResponseFactory responses;

    @Inject
    public SortCommandParser(StatusResponseFactory responses) {
        super(responses);
        this.responses = responses;
    }

    @Override
    public ImapCommand getCommand() {
        return SortRequest.SORT;
    }

    @Override
    protected ImapMessage decode(ImapRequestLineReader request, Tag tag, boolean useUids, ImapSession session)
            throws DecodingException {
        List<SortKey.Order> keys = sortKeys(request);
        request.nextWordChar();
        Charset charset;
        try {
            charset = Charset.forName(request.astring());
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return responses.taggedNo(tag, SortRequest.SORT, HumanReadableText.BAD_CHARSET,
                StatusResponse.ResponseCode.badCharset());
        }
        return new SortRequest(tag, keys, searchKeys(session, request, charset), useUids);
    }

    static List<SortKey.Order> sortKeys(ImapRequestLineReader request) throws DecodingException {
        request.nextWordChar();
        request.consumeChar('(');
        List<SortKey.Order> keys = new ArrayList<>();
        boolean reverse = false;
        while (true) {
            request.nextWordChar();
            if (request.nextChar() == ')') {
                request.consume();
                break;
            }
            String word = request.atom().toUpperCase(Locale.ROOT);
            if (word.equals("REVERSE")) {
                if (reverse) {
                    throw new DecodingException(HumanReadableText.ILLEGAL_ARGUMENTS, "REVERSE twice in a row");
                }
                reverse = true;
                continue;
            }
            keys.add(new SortKey.Order(key(word), reverse));
            reverse = false;
        }
        if (keys.isEmpty() || reverse) {
            throw new DecodingException(HumanReadableText.ILLEGAL_ARGUMENTS, "SORT needs at least one sort key");
        }
        return keys;
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
            default -> throw new DecodingException(HumanReadableText.ILLEGAL_ARGUMENTS, "Unknown sort key " + word);
        };
    }
}
