package fr.caducee.server.trust;

import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.inject.Singleton;
import javax.net.ssl.SSLContext;

import org.apache.james.lifecycle.api.Startable;
import org.apache.james.utils.InitializationOperation;
import org.apache.james.utils.InitilizationOperationBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.multibindings.ProvidesIntoSet;

import fr.caducee.domain.directory.TrustedDomains;
import fr.caducee.server.settings.Setting;
import fr.caducee.server.settings.Settings;
import fr.caducee.trust.whitelist.RefreshOutcome;
import fr.caducee.trust.whitelist.Whitelist;
import fr.caducee.trust.whitelist.WhitelistRefresher;

/**
 * The national whitelist (liste blanche) the trust-space hooks consult, loaded at start and refreshed on a schedule:
 * <ul>
 *   <li>{@code caducee.whitelist}: a file path or an https URL (default {@code liste-blanche.xml} of the
 *       configuration folder, a development list);</li>
 *   <li>{@code caducee.whitelist.checksum}: where the list's SHA-256 is published (ANS's {@code checksum} file
 *       beside the list), a file path or an https URL; when set, a list whose bytes do not match is refused
 *       (default: none);</li>
 *   <li>{@code caducee.whitelist.refreshSeconds}: how often it is reloaded (default 3600).</li>
 * </ul>
 * A local file that cannot be loaded at start stops the server (a configuration mistake); an unreachable URL leaves
 * the list empty, so that mail to and from other operators is refused until it loads, never let through.
 */
public class WhitelistModule extends AbstractModule {
    private static final Logger LOGGER = LoggerFactory.getLogger(WhitelistModule.class);

    private final Settings settings;
    private final Path configDir;

    public WhitelistModule(Settings settings, Path configDir) {
        this.settings = settings;
        this.configDir = configDir;
    }

    @Override
    protected void configure() {
        bind(TrustedDomains.class).to(WhitelistRefresher.class);
    }

    @Provides
    @Singleton
    WhitelistRefresher refresher() throws NoSuchAlgorithmException {
        String source = settings.optional(Setting.WHITELIST).orElse(configDir.resolve("liste-blanche.xml").toString());
        String checksum = settings.text(Setting.WHITELIST_CHECKSUM);
        return new WhitelistRefresher(source, checksum.isBlank() ? null : checksum, SSLContext.getDefault());
    }

    @ProvidesIntoSet
    InitializationOperation loadWhitelist(Lifecycle lifecycle) {
        return InitilizationOperationBuilder.forClass(Lifecycle.class).init(lifecycle::start);
    }

    /** First load, then the refresh schedule; stopped with the server. */
    @Singleton
    static class Lifecycle implements Startable {
        private final WhitelistRefresher refresher;
        private final Duration period;

        @Inject
        Lifecycle(WhitelistRefresher refresher, Settings settings) {
            this.refresher = refresher;
            this.period = Duration.ofSeconds(settings.number(Setting.WHITELIST_REFRESH_SECONDS, 1, Long.MAX_VALUE));
        }

        void start() {
            RefreshOutcome first = refresher.refreshNow();
            if (!first.success()) {
                if (!refresher.current().source().contains("://")) {
                    throw new IllegalStateException("The whitelist could not be loaded: " + first.reason());
                }
                LOGGER.error("The whitelist could not be loaded ({}): mail to and from other operators is refused "
                    + "until it loads", first.reason());
            } else {
                Whitelist list = refresher.current();
                LOGGER.info("Whitelist from {}: generated {}, {} domains, {} entries, {} operator DNs{}{}",
                    list.source(), list.generatedAt().map(Object::toString).orElse("at an unknown date"),
                    list.size(), list.entryCount(), list.operatorCount(),
                    refresher.checksumSource().map(checksum -> ", checksum verified against " + checksum).orElse(""),
                    list.skipped().isEmpty() ? "" : ", " + list.skipped().size() + " entries skipped (see the warnings)");
            }
            refresher.start(period);
        }

        @PreDestroy
        void stop() {
            refresher.stop();
        }
    }
}
