package fr.caducee.server.imap;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import javax.inject.Inject;
import javax.inject.Provider;

import org.apache.james.imap.api.ImapCommand;
import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.Tag;
import org.apache.james.imap.api.display.HumanReadableText;
import org.apache.james.imap.api.message.response.StatusResponseFactory;
import org.apache.james.imap.decode.ImapCommandParser;
import org.apache.james.imap.decode.ImapCommandParserFactory;
import org.apache.james.imap.decode.ImapDecoder;
import org.apache.james.imap.decode.base.AbstractImapCommandParser;
import org.apache.james.imap.decode.main.DefaultImapDecoder;
import org.apache.james.imap.decode.parser.UidCommandParser;
import org.apache.james.imap.message.request.ListRequest;
import org.apache.james.imap.message.request.LsubRequest;

import com.beetstra.jutf7.CharsetProvider;

/**
 * A mailbox name with an {@code &} that does not start a valid modified UTF-7 sequence (RFC 9051 5.1.3: {@code a&b},
 * {@code &Jjo} without its closing {@code -}) gets {@code NO} with a sentence, as a mailbox that does not exist
 * would, and the session goes on; a LIST or LSUB pattern no mailbox name can match lists nothing.
 *
 * <p>James 3.8.1 decodes mailbox names with a charset whose decoder throws a {@code java.lang.Error} on such a name
 * (its {@code MalformedInputException} wrapped): from the command parsers (SELECT, CREATE, RENAME, STATUS, APPEND,
 * COPY, MOVE...) the error reaches the connection's handler, which closes the connection without an answer; LIST and
 * LSUB decode their reference and pattern later, in their processors, with the same result. Here every command
 * parser is wrapped: a parser that fails so answers {@code NO}, and a parsed LIST or LSUB whose reference or
 * pattern cannot be decoded is answered {@code OK} with nothing listed before it reaches its processor (imaptest's
 * {@code atoms}, as Dovecot answers).
 */
public final class MailboxNameDecoding implements ImapCommandParserFactory {
    static final HumanReadableText INVALID_NAME = new HumanReadableText("caducee.imap.INVALID_MAILBOX_NAME",
        "Invalid mailbox name: an '&' must start a modified UTF-7 sequence ended by '-' (RFC 9051 5.1.3); "
            + "write '&-' for the character '&' itself");

    private static final Charset MODIFIED_UTF_7 = new CharsetProvider().charsetForName("X-MODIFIED-UTF-7");

    private final ImapCommandParserFactory james;
    private final StatusResponseFactory responses;

    MailboxNameDecoding(ImapCommandParserFactory james, StatusResponseFactory responses) {
        this.james = james;
        this.responses = responses;
    }

    /**
     * James's decoder over our parsers, in place of {@code IMAPServerModule}'s: James's, with LIST reading several
     * patterns ({@link ListPatterns}), SORT and THREAD ({@link OrderedSearchParser}), LOGIN reading a delegated login
     * ({@link DelegatedLoginParser}), commands parsed for the state
     * they will run in ({@link ParsedForTheirTurn}), each checked for its mailbox names here.
     */
    public static final class DecoderProvider implements Provider<ImapDecoder> {
        private final ImapCommandParserFactory parsers;
        private final StatusResponseFactory responses;

        @Inject
        public DecoderProvider(ImapCommandParserFactory parsers, StatusResponseFactory responses) {
            this.parsers = parsers;
            this.responses = responses;
        }

        @Override
        public ImapDecoder get() {
            ListPatterns.Parser list = new ListPatterns.Parser(responses);
            OrderedSearchParser sort = OrderedSearchParser.sort(responses);
            OrderedSearchParser thread = OrderedSearchParser.thread(responses);
            DelegatedLoginParser login = new DelegatedLoginParser(responses);
            ImapCommandParser[] uid = new ImapCommandParser[1];
            ImapCommandParserFactory ours = name -> switch (name.toUpperCase(Locale.ROOT)) {
                case "LIST" -> list;
                case "SORT" -> sort;
                case "THREAD" -> thread;
                case "LOGIN" -> login;
                // James's UID parser, which finds UID SORT and UID THREAD here too.
                case "UID" -> uid[0];
                default -> parsers.getParser(name);
            };
            uid[0] = new UidCommandParser(ours, responses);
            return new DefaultImapDecoder(responses, new MailboxNameDecoding(
                new ParsedForTheirTurn(ours, responses), responses));
        }
    }

    @Override
    public ImapCommandParser getParser(String commandName) {
        ImapCommandParser parser = james.getParser(commandName);
        if (parser == null) {
            return null;
        }
        return (request, tag, session) -> {
            ImapMessage message;
            try {
                message = parser.parse(request, tag, session);
            } catch (Error e) {
                if (!undecodableName(e)) {
                    throw e;
                }
                boolean listing = "LIST".equalsIgnoreCase(commandName) || "LSUB".equalsIgnoreCase(commandName);
                return listing ? nothingListed(parser, tag) : invalidName(parser, tag);
            }
            if (message instanceof ListRequest list
                    && !(decodable(list.getBaseReferenceName()) && decodable(list.getMailboxPattern()))
                    || message instanceof LsubRequest lsub
                    && !(decodable(lsub.getBaseReferenceName()) && decodable(lsub.getMailboxPattern()))) {
                return nothingListed(parser, tag);
            }
            return message;
        };
    }

    /** No mailbox can have such a name: NO, as for a mailbox that does not exist (RFC 9051 5.1.3 lets it be). */
    private ImapMessage invalidName(ImapCommandParser parser, Tag tag) {
        return responses.taggedNo(tag, command(parser), INVALID_NAME);
    }

    /** A pattern or reference no mailbox name can match lists nothing. */
    private ImapMessage nothingListed(ImapCommandParser parser, Tag tag) {
        return responses.taggedOk(tag, command(parser), HumanReadableText.COMPLETED);
    }

    private static ImapCommand command(ImapCommandParser parser) {
        return parser instanceof AbstractImapCommandParser known ? known.getCommand() : null;
    }

    /** The charset's decoder wraps its {@link CharacterCodingException} in an {@link Error}. */
    private static boolean undecodableName(Error error) {
        for (Throwable cause = error.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof CharacterCodingException) {
                return true;
            }
        }
        return false;
    }

    /** Whether each name, or each pattern of a LIST with several ({@link ListPatterns}), is modified UTF-7. */
    static boolean decodable(String names) {
        if (names == null || names.indexOf('&') < 0) {
            return true;
        }
        for (String name : names.split(String.valueOf(ListPatterns.SEPARATOR), -1)) {
            if (!decodableName(name)) {
                return false;
            }
        }
        return true;
    }

    private static boolean decodableName(String name) {
        CharsetDecoder decoder = MODIFIED_UTF_7.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            decoder.decode(ByteBuffer.wrap(name.getBytes(StandardCharsets.UTF_8)));
            return true;
        } catch (CharacterCodingException | RuntimeException e) {
            return false;
        }
    }
}
