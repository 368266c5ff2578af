package fr.caducee.server.tls;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

import org.apache.james.protocols.api.ClientAuth;
import org.apache.james.protocols.netty.Encryption;

import fr.caducee.server.AskedClientCertificates;
import fr.caducee.server.ListenerTls;
import fr.caducee.server.TlsMaterial;
import io.netty.handler.ssl.SslHandler;

/**
 * The TLS of one SMTP or IMAP listener in place of James's, which reads the keystore once at start: a context on the
 * key material and anchors in force ({@link fr.caducee.server.TlsMaterial#context}), so that a reload reaches the next
 * handshake; the protocols and suites of every listener ({@link ListenerTls}); the listener's client certificate
 * policy.
 */
public final class ListenerEncryption implements Encryption {
    private final SSLContext context;
    private final boolean startTls;
    private final ClientAuth clientAuth;

    /**
     * A listener's TLS on the material in force: a client certificate required chains to the anchors in force; one
     * asked for is taken whatever it is, for SASL EXTERNAL to judge ({@link AskedClientCertificates}).
     */
    public static Encryption on(TlsMaterial tls, boolean startTls, ClientAuth clientAuth) {
        if (clientAuth == ClientAuth.WANT) {
            return AskedClientCertificates.of(tls, startTls);
        }
        return new ListenerEncryption(tls.context(tls.anchorsTrustManager()), startTls, clientAuth);
    }

    public ListenerEncryption(SSLContext context, boolean startTls, ClientAuth clientAuth) {
        this.context = context;
        this.startTls = startTls;
        this.clientAuth = clientAuth;
    }

    @Override
    public boolean isStartTLS() {
        return startTls;
    }

    @Override
    public boolean supportsEncryption() {
        return true;
    }

    @Override
    public String[] getEnabledCipherSuites() {
        return ListenerTls.CIPHER_SUITES.toArray(String[]::new);
    }

    @Override
    public ClientAuth getClientAuth() {
        return clientAuth;
    }

    @Override
    public SslHandler sslHandler() {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(false);
        engine.setEnabledProtocols(ListenerTls.PROTOCOLS.toArray(String[]::new));
        engine.setEnabledCipherSuites(getEnabledCipherSuites());
        if (clientAuth == ClientAuth.NEED) {
            engine.setNeedClientAuth(true);
        } else if (clientAuth == ClientAuth.WANT) {
            engine.setWantClientAuth(true);
        }
        return new SslHandler(engine);
    }
}
