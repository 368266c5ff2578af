package fr.caducee.server.storage.search.imap;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;

import javax.inject.Inject;

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

/** Reads {@code THREAD REFERENCES UTF-8 SINCE 1-Dec-2026} and its {@code UID THREAD} form (RFC 5256). */
public class ThreadCommandParser extends SearchKeysParser {
    private final StatusResponseFactory responses;

    @Inject
    public ThreadCommandParser(StatusResponseFactory responses) {
        super(responses);
        this.responses = responses;
    }

    @Override
    public ImapCommand getCommand() {
        return ThreadRequest.THREAD;
    }

    @Override
    protected ImapMessage decode(ImapRequestLineReader request, Tag tag, boolean useUids, ImapSession session)
            throws DecodingException {
        request.nextWordChar();
        String name = request.atom().toUpperCase(Locale.ROOT);
        ThreadRequest.Algorithm algorithm;
        try {
            algorithm = ThreadRequest.Algorithm.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new DecodingException(HumanReadableText.ILLEGAL_ARGUMENTS, "Unknown threading algorithm " + name);
        }
        request.nextWordChar();
        Charset charset;
        try {
            charset = Charset.forName(request.astring());
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return responses.taggedNo(tag, ThreadRequest.THREAD, HumanReadableText.BAD_CHARSET,
                StatusResponse.ResponseCode.badCharset());
        }
        SearchKey searchKey = searchKeys(session, request, charset);
        return new ThreadRequest(tag, algorithm, searchKey, useUids);
    }
}
