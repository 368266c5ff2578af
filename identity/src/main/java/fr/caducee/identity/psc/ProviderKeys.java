package fr.caducee.identity.psc;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;

/**
 * The provider's signing keys (its JWKS), fetched by nimbus-jose-jwt and kept {@code jwksRefresh}: a token signed by a
 * key not in the kept set fetches them again at once (the provider rotated its keys), at most twice per
 * {@link #rateLimit} so that tokens with made-up key ids cannot make this server hammer the provider. Neither retried
 * nor kept past their time when the provider is down: a login then waits until the keys can be fetched again.
 */
final class ProviderKeys {
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** The keys of one provider fit well within this; a larger answer is not a key set. */
    private static final int SIZE_LIMIT = 256 * 1024;
    private static final Duration RATE_LIMIT = Duration.ofSeconds(30);

    private final JWKSource<SecurityContext> source;
    private final AtomicBoolean lastFetchFailed = new AtomicBoolean();

    ProviderKeys(PscSettings settings) {
        URL url;
        try {
            url = settings.jwksUrl().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("the keys' URL " + settings.jwksUrl() + " is not a URL", e);
        }
        int timeout = (int) TIMEOUT.toMillis();
        DefaultResourceRetriever http = new DefaultResourceRetriever(timeout, timeout, SIZE_LIMIT, true,
            settings.trust().getSocketFactory());
        ResourceRetriever recording = fetched -> {
            try {
                Resource resource = http.retrieveResource(fetched);
                lastFetchFailed.set(false);
                return resource;
            } catch (IOException | RuntimeException e) {
                lastFetchFailed.set(true);
                throw e;
            }
        };
        long ttl = settings.jwksRefresh().toMillis();
        this.source = JWKSourceBuilder.<SecurityContext>create(url, recording)
            .cache(ttl, 2 * TIMEOUT.toMillis())
            .rateLimited(Math.min(RATE_LIMIT.toMillis(), ttl / 2))
            .refreshAheadCache(false)
            .retrying(false)
            .outageTolerant(false)
            .build();
    }

    JWKSource<SecurityContext> source() {
        return source;
    }

    /** True when the last attempt to fetch the keys failed (no answer, or an error status). */
    boolean lastFetchFailed() {
        return lastFetchFailed.get();
    }
}
