package fr.caducee.server.smtp;

import javax.inject.Singleton;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;

import fr.caducee.rules.smtp.ChainSettings;
import fr.caducee.rules.smtp.ChainSettings.MimeLimits;
import fr.caducee.rules.smtp.MxChain;
import fr.caducee.rules.smtp.SubmissionChain;
import fr.caducee.server.settings.Setting;
import fr.caducee.server.settings.Settings;

/**
 * The settings of the SMTP chains ({@link MxChain}, {@link SubmissionChain}), taken from the server's settings
 * ({@code caducee.properties}, a {@code -D} option of the same name overriding the file) and checked once at start:
 * a wrong value stops the start with where it was written and the key named.
 */
public class ChainSettingsModule extends AbstractModule {
    private static final Logger LOGGER = LoggerFactory.getLogger(ChainSettingsModule.class);

    @Provides
    @Singleton
    ChainSettings chainSettings(Settings settings) {
        return read(settings);
    }

    public static ChainSettings read(Settings settings) {
        int maxRecipients = atLeastOne(settings, Setting.SMTP_MAX_RECIPIENTS);
        long reserve = settings.number(Setting.STORAGE_RESERVE_MEGABYTES, 0,
            ChainSettings.MAX_STORAGE_RESERVE_MEGABYTES);
        MimeLimits mime = new MimeLimits(atLeastOne(settings, Setting.SMTP_MIME_MAX_DEPTH),
            atLeastOne(settings, Setting.SMTP_MIME_MAX_PARTS),
            atLeastOne(settings, Setting.SMTP_MIME_MAX_HEADERS),
            atLeastOne(settings, Setting.SMTP_MIME_MAX_HEADER_LENGTH));
        boolean rulesOff = settings.flag(Setting.BENCHMARK_RULES_OFF);
        if (rulesOff) {
            LOGGER.warn("!!! {}=true: the SMTP listeners run WITHOUT the trust space's rules (no whitelist, directory, "
                + "patient or audit check). For benchmarks only, NEVER in production. !!!", Setting.BENCHMARK_RULES_OFF);
        }
        boolean peerChecksOff = settings.flag(Setting.BENCHMARK_PEER_CHECKS_OFF);
        if (peerChecksOff) {
            LOGGER.warn("!!! {}=true: the MX listener takes mail WITHOUT checking the peer operator (certificate, "
                + "whitelisted domain, operator DN). For benchmarks only, NEVER in production. !!!",
                Setting.BENCHMARK_PEER_CHECKS_OFF);
        }
        return new ChainSettings(maxRecipients, reserve, mime, rulesOff, peerChecksOff);
    }

    private static int atLeastOne(Settings settings, Setting setting) {
        long value = settings.number(setting, 1, Long.MAX_VALUE);
        if (value > Integer.MAX_VALUE) {
            throw settings.invalid(setting, "must be at most " + Integer.MAX_VALUE + ", was " + value);
        }
        return (int) value;
    }
}
