package fr.caducee.server.imap;

import org.apache.james.core.Username;
import org.apache.james.imap.api.ImapConstants;
import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.Tag;
import org.apache.james.imap.api.message.response.StatusResponseFactory;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.decode.DecodingException;
import org.apache.james.imap.decode.ImapRequestLineReader;
import org.apache.james.imap.decode.base.AbstractImapCommandParser;
import org.apache.james.imap.message.request.AbstractImapRequest;
import org.apache.james.imap.message.request.LoginRequest;

import fr.caducee.rules.transport.SaslLogins;

/**
 * LOGIN as James parses it, and a login naming a box and its member ({@code cardiologie@chu.example*dr.martin@chu.example},
 * {@link SaslLogins#DELEGATION_SEPARATOR}) as a {@link DelegatedLoginRequest} for {@link SectorLoginGuard}: James
 * makes a user name of the login at parse time, which such a login is not (two {@code @}).
 */
final class DelegatedLoginParser extends AbstractImapCommandParser {
    DelegatedLoginParser(StatusResponseFactory responses) {
        super(ImapConstants.LOGIN_COMMAND, responses);
    }

    @Override
    protected ImapMessage decode(ImapRequestLineReader request, Tag tag, ImapSession session) throws DecodingException {
        String login = request.astring();
        String password = request.astring();
        request.eol();
        if (login.contains(SaslLogins.DELEGATION_SEPARATOR)) {
            return new DelegatedLoginRequest(login, password, tag);
        }
        return new LoginRequest(Username.of(login), password, tag);
    }

    /** A LOGIN whose name holds the separator: the box, its member, the member's password. */
    static final class DelegatedLoginRequest extends AbstractImapRequest {
        private final String login;
        private final String password;

        DelegatedLoginRequest(String login, String password, Tag tag) {
            super(tag, ImapConstants.LOGIN_COMMAND);
            this.login = login;
            this.password = password;
        }

        String login() {
            return login;
        }

        String password() {
            return password;
        }

        /** Never the password: requests end up in James's debug logs. */
        @Override
        public String toString() {
            return "DelegatedLoginRequest(" + login + ")";
        }
    }
}
