package fr.caducee.server.storage.search.imap;

import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;

import org.apache.james.imap.api.message.request.SearchKey;
import org.apache.james.imap.api.message.response.StatusResponseFactory;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.decode.DecodingException;
import org.apache.james.imap.decode.ImapRequestLineReader;
import org.apache.james.imap.decode.parser.SearchCommandParser;

/** A command whose last arguments are SEARCH's keys, in a charset it was given (SORT, THREAD). */
abstract class SearchKeysParser extends SearchCommandParser {
    SearchKeysParser(StatusResponseFactory responses) {
        super(responses);
    }

    /** The search keys after the charset, read by James's search parser, to the end of the line; ANDed. */
    SearchKey searchKeys(ImapSession session, ImapRequestLineReader request, Charset charset) throws DecodingException {
        request.nextWordChar();
        Context context = new Context();
        context.setCharset(charset);
        List<SearchKey> searchKeys = new ArrayList<>();
        searchKeys.add(searchKey(session, request, context, false));
        while (request.nextChar() == ' ') {
            request.nextWordChar();
            searchKeys.add(searchKey(session, request, context, false));
        }
        request.eol();
        return searchKeys.size() == 1 ? searchKeys.get(0) : SearchKey.buildAnd(searchKeys);
    }
}
