package fr.caducee.server.imap;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

import org.apache.james.imap.api.ImapSessionState;
import org.apache.james.imap.api.display.HumanReadableText;
import org.apache.james.imap.api.message.response.StatusResponseFactory;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.decode.ImapCommandParser;
import org.apache.james.imap.decode.ImapCommandParserFactory;
import org.apache.james.imap.decode.base.AbstractImapCommandParser;

/**
 * A command that arrives while an earlier one is still to run (pipelined behind LOGIN: {@code a LOGIN u p\r\nb
 * SELECT INBOX\r\n} in one packet) is parsed for the state it will run in, not the state the session is in when its
 * bytes arrive.
 *
 * <p>James 3.8.1's parsers refuse a command not valid in the session's current state ({@code NO ... Command not
 * valid in this state.}) when it is decoded, which is as soon as it arrives: the SELECT above was refused before the
 * LOGIN ahead of it ran. Here a command valid once logged in (or once a mailbox is selected) is parsed as if the
 * session were; whether it may run is decided by James's processor when its turn comes ({@link CommandsInOrder}),
 * which answers the same {@code NO} when the session is still not in a state for it (a failed LOGIN, no LOGIN at
 * all). A parser that cannot parse it so gets James's own answer.
 */
final class ParsedForTheirTurn implements ImapCommandParserFactory {
    private final ImapCommandParserFactory james;
    private final StatusResponseFactory responses;

    ParsedForTheirTurn(ImapCommandParserFactory james, StatusResponseFactory responses) {
        this.james = james;
        this.responses = responses;
    }

    @Override
    public ImapCommandParser getParser(String commandName) {
        ImapCommandParser parser = james.getParser(commandName);
        if (!(parser instanceof AbstractImapCommandParser known)) {
            return parser;
        }
        return (request, tag, session) -> {
            ImapSessionState now = session.getState();
            if (known.getCommand().validForState(now) || now == ImapSessionState.LOGOUT
                    || !known.getCommand().validForState(ImapSessionState.SELECTED)) {
                return parser.parse(request, tag, session);
            }
            try {
                return parser.parse(request, tag, seenIn(session, ImapSessionState.SELECTED));
            } catch (RuntimeException e) {
                return responses.taggedNo(tag, known.getCommand(), HumanReadableText.INVALID_COMMAND);
            }
        };
    }

    /** The session, as a parser sees it, in the given state. */
    static ImapSession seenIn(ImapSession session, ImapSessionState state) {
        return (ImapSession) Proxy.newProxyInstance(ImapSession.class.getClassLoader(),
            new Class<?>[] {ImapSession.class}, (proxy, method, arguments) -> {
                if (method.getName().equals("getState") && method.getParameterCount() == 0) {
                    return state;
                }
                try {
                    return method.invoke(session, arguments);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            });
    }
}
