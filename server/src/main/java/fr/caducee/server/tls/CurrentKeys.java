package fr.caducee.server.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.function.Supplier;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The server's key and certificate in force, for every TLS context: each call goes to the key manager of the material
 * in force. A handshake asks for an alias, then for its key and its chain: the alias carries the generation of the
 * material that chose it ({@code 3#caducee}), so that a handshake under way when a reload swaps the material gets the
 * key and the chain of one and the same reading, never the key of one and the certificate of the other.
 */
public final class CurrentKeys extends X509ExtendedKeyManager {
    private static final char SEPARATOR = '#';

    private final Supplier<LoadedTls> current;
    /** The reading before the one in force: handshakes that chose their alias just before a reload. */
    private volatile LoadedTls previous;

    public CurrentKeys(Supplier<LoadedTls> current) {
        this.current = current;
    }

    /** Called with the material a reload replaces. */
    public void remember(LoadedTls replaced) {
        previous = replaced;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        LoadedTls tls = current.get();
        return tag(tls, tls.keys().chooseServerAlias(keyType, issuers, socket));
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        LoadedTls tls = current.get();
        return tag(tls, tls.keys().chooseEngineServerAlias(keyType, issuers, engine));
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        LoadedTls tls = current.get();
        return tag(tls, tls.keys().chooseClientAlias(keyTypes, issuers, socket));
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        LoadedTls tls = current.get();
        return tag(tls, tls.keys().chooseEngineClientAlias(keyTypes, issuers, engine));
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        LoadedTls tls = current.get();
        return tagAll(tls, tls.keys().getServerAliases(keyType, issuers));
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        LoadedTls tls = current.get();
        return tagAll(tls, tls.keys().getClientAliases(keyType, issuers));
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        LoadedTls tls = reading(alias);
        return tls == null ? null : tls.keys().getCertificateChain(untag(alias));
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        LoadedTls tls = reading(alias);
        return tls == null ? null : tls.keys().getPrivateKey(untag(alias));
    }

    private LoadedTls reading(String alias) {
        if (alias == null) {
            return null;
        }
        int separator = alias.indexOf(SEPARATOR);
        if (separator < 0) {
            return null;
        }
        long generation;
        try {
            generation = Long.parseLong(alias.substring(0, separator));
        } catch (NumberFormatException e) {
            return null;
        }
        LoadedTls tls = current.get();
        if (tls.generation() == generation) {
            return tls;
        }
        LoadedTls before = previous;
        return before != null && before.generation() == generation ? before : null;
    }

    private static String tag(LoadedTls tls, String alias) {
        return alias == null ? null : tls.generation() + String.valueOf(SEPARATOR) + alias;
    }

    private static String[] tagAll(LoadedTls tls, String[] aliases) {
        return aliases == null ? null : Arrays.stream(aliases).map(alias -> tag(tls, alias)).toArray(String[]::new);
    }

    private static String untag(String alias) {
        return alias.substring(alias.indexOf(SEPARATOR) + 1);
    }
}
