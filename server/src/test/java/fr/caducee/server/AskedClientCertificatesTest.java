package fr.caducee.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.Socket;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.caducee.server.settings.Settings;
import fr.caducee.server.tls.EngineHandshake;
import fr.caducee.trust.pki.DevPki;

/** A listener that asks for a client certificate takes any, and none: real handshakes between two engines. */
class AskedClientCertificatesTest {
    @TempDir
    static Path folder;
    static TlsMaterial tls;
    static DevPki otherPki;

    @BeforeAll
    static void pki() throws Exception {
        Files.createDirectories(folder.resolve("trust-anchors"));
        tls = TlsMaterial.prepare(new ServerLayout(folder.resolve("data"), folder, folder.resolve("trust-anchors"),
            List.of("localhost"), false), Settings.of(Map.of()));
        // Another development PKI: its certificates chain to nothing this server trusts.
        otherPki = DevPki.ensure(folder.resolve("other-pki"), List.of("localhost"));
    }

    @Test
    void theHandshakeAsksForACertificateWithoutRequiringOne() throws Exception {
        SSLEngine server = AskedClientCertificates.of(tls, false).sslHandler().engine();

        assertThat(server.getWantClientAuth()).isTrue();
        assertThat(server.getNeedClientAuth()).isFalse();
        assertThat(server.getEnabledProtocols()).containsExactly("TLSv1.3", "TLSv1.2");
        assertThat(server.getEnabledCipherSuites()).containsExactlyElementsOf(ListenerTls.CIPHER_SUITES);
    }

    @Test
    void aClientWithoutCertificateCompletesTheHandshake() throws Exception {
        SSLEngine server = AskedClientCertificates.of(tls, true).sslHandler().engine();

        EngineHandshake.run(client(null), server);

        assertThatThrownBy(() -> server.getSession().getPeerCertificates())
            .isInstanceOf(SSLPeerUnverifiedException.class);
    }

    @Test
    void aCertificateFromAnotherAuthorityIsTakenForEXTERNALToJudge() throws Exception {
        SSLEngine server = AskedClientCertificates.of(tls, false).sslHandler().engine();
        KeyStore untrusted = keystore(otherPki.peerKeystore(), otherPki.secret());

        EngineHandshake.run(client(untrusted), server);

        X509Certificate shown = (X509Certificate) server.getSession().getPeerCertificates()[0];
        assertThat(shown.getSubjectX500Principal().getName()).isEqualTo(DevPki.PEER_SUBJECT);
        assertThat(shown.getIssuerX500Principal()).isEqualTo(otherPki.rootCertificate().getSubjectX500Principal());
    }

    @Test
    void theRequestNamesTheAnchors() throws Exception {
        AskedClientCertificates.AnyClientCertificate trust = new AskedClientCertificates.AnyClientCertificate(
            tls.anchors());

        assertThat(trust.getAcceptedIssuers()).containsExactlyElementsOf(tls.anchors());
    }

    private static SSLEngine client(KeyStore keys) throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        KeyStore anchors = KeyStore.getInstance("PKCS12");
        anchors.load(null, null);
        anchors.setCertificateEntry("server-root", tls.anchors().get(0));
        trust.init(anchors);
        KeyManagerFactory keyManagers = null;
        if (keys != null) {
            keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, otherPki.secret());
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers == null ? null
            : new KeyManager[] {new WhateverIsAsked((X509ExtendedKeyManager) keyManagers.getKeyManagers()[0])},
            trust.getTrustManagers(), null);
        SSLEngine engine = context.createSSLEngine("localhost", 993);
        engine.setUseClientMode(true);
        return engine;
    }

    /** Shows its certificate whatever authorities the server names, as OpenSSL's clients (curl) do. */
    private static final class WhateverIsAsked extends X509ExtendedKeyManager {
        private final X509ExtendedKeyManager keys;

        WhateverIsAsked(X509ExtendedKeyManager keys) {
            this.keys = keys;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return keys.chooseEngineClientAlias(keyType, null, engine);
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return keys.getClientAliases(keyType, null);
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return keys.chooseClientAlias(keyType, null, socket);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return keys.getServerAliases(keyType, issuers);
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return keys.chooseServerAlias(keyType, issuers, socket);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return keys.getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return keys.getPrivateKey(alias);
        }
    }

    private static KeyStore keystore(Path file, char[] secret) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            keys.load(in, secret);
        }
        return keys;
    }
}
