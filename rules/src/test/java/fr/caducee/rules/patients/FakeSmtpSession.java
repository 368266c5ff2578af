package fr.caducee.rules.patients;

import java.net.InetSocketAddress;
import java.util.Optional;

import javax.net.ssl.SSLSession;

import org.apache.james.core.Username;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.ProtocolTransport;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.smtp.SMTPConfigurationImpl;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.SMTPSessionImpl;

/**
 * An SMTP session as a hook sees it: James's own session (attachments per connection and per transaction, the
 * recipient count, the login) over a connection that is not there. On the submission ports AUTH is announced, as our
 * listeners do once TLS is up; on the MX it never is, which is how the audit trail tells the two apart.
 */
public final class FakeSmtpSession {
    private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 40_000);

    private FakeSmtpSession() {
    }

    /** On a submission port, after STARTTLS and AUTH as {@code login}. */
    public static SMTPSession submission(String login) {
        SMTPSession session = session(true, true, Optional.empty());
        session.setUsername(Username.of(login));
        return session;
    }

    /** On a submission port, after STARTTLS, before AUTH. */
    public static SMTPSession submissionBeforeLogin() {
        return session(true, true, Optional.empty());
    }

    /** On a submission port, after STARTTLS, before AUTH, from a client at {@code client}. */
    public static SMTPSession submissionBeforeLoginFrom(InetSocketAddress client) {
        return new SMTPSessionImpl(new Connection(true, Optional.empty(), client), new Listener(true));
    }

    /** On the MX port, before STARTTLS. */
    public static SMTPSession mxInClear() {
        return session(false, false, Optional.empty());
    }

    /** On the MX port, after a STARTTLS whose handshake gave {@code tls} (the peer's certificates). */
    public static SMTPSession mx(SSLSession tls) {
        return session(false, true, Optional.of(tls));
    }

    private static SMTPSession session(boolean submission, boolean tlsStarted, Optional<SSLSession> tls) {
        return new SMTPSessionImpl(new Connection(tlsStarted, tls, CLIENT), new Listener(submission));
    }

    /** A listener's settings: only whether it offers AUTH matters to our hooks. */
    private static final class Listener extends SMTPConfigurationImpl {
        private final boolean submission;

        Listener(boolean submission) {
            this.submission = submission;
        }

        @Override
        public boolean isAuthAnnounced(String remoteIP, boolean tlsStarted) {
            return submission && tlsStarted;
        }
    }

    /** The client's connection: an address, a session id, and TLS or not; nothing is written anywhere. */
    private record Connection(boolean tlsStarted, Optional<SSLSession> tls, InetSocketAddress client)
            implements ProtocolTransport {
        @Override
        public InetSocketAddress getRemoteAddress() {
            return client;
        }

        @Override
        public InetSocketAddress getLocalAddress() {
            return new InetSocketAddress("127.0.0.1", 25);
        }

        @Override
        public String getId() {
            return "fake-session";
        }

        @Override
        public boolean isTLSStarted() {
            return tlsStarted;
        }

        @Override
        public boolean isStartTLSSupported() {
            return true;
        }

        @Override
        public Optional<SSLSession> getSSLSession() {
            return tls;
        }

        @Override
        public boolean isProxyRequired() {
            return false;
        }

        @Override
        public void writeResponse(Response response, ProtocolSession session) {
            throw new UnsupportedOperationException("a hook answers through its result, never by writing");
        }

        @Override
        public void popLineHandler() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void pushLineHandler(LineHandler<? extends ProtocolSession> overrideCommandHandler, ProtocolSession session) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void setReadable(boolean readable) {
        }

        @Override
        public boolean isReadable() {
            return true;
        }
    }
}
