package fr.caducee.server.smtp;

import java.util.Locale;

import javax.inject.Singleton;

import org.apache.commons.configuration2.CompositeConfiguration;
import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.SystemConfiguration;
import org.apache.james.utils.PropertiesProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;

import fr.caducee.rules.smtp.ChainSettings;
import fr.caducee.rules.smtp.ChainSettings.MimeLimits;
import fr.caducee.rules.smtp.MxChain;
import fr.caducee.rules.smtp.SubmissionChain;
import fr.caducee.server.SettingsFile;

/**
 * The settings of the SMTP chains ({@link MxChain}, {@link SubmissionChain}), read once at start from the main
 * settings file {@code caducee.properties}; a {@code -D} option of the same name overrides the file. A wrong value
 * stops the start with the file and the key named.
 */
public class ChainSettingsModule extends AbstractModule {
    private static final Logger LOGGER = LoggerFactory.getLogger(ChainSettingsModule.class);
    static final String FILE = "caducee.properties";
    static final String MAX_RECIPIENTS = "caducee.smtp.maxRecipients";
    static final String STORAGE_RESERVE = "caducee.storage.reserveMegabytes";
    static final String MIME = "caducee.smtp.mime.";
    static final String RULES_OFF = "caducee.benchmark.rulesOff";
    static final String PEER_CHECKS_OFF = "caducee.benchmark.peerChecksOff";

    @Provides
    @Singleton
    ChainSettings chainSettings(PropertiesProvider properties) throws Exception {
        CompositeConfiguration effective = new CompositeConfiguration();
        effective.addConfiguration(new SystemConfiguration());
        effective.addConfiguration(properties.getConfiguration("caducee"));
        return read(effective);
    }

    /** @param properties the file's keys, those given with {@code -D} first */
    static ChainSettings read(Configuration properties) {
        SettingsFile file = new SettingsFile(FILE, properties);
        int maxRecipients = atLeastOne(file, MAX_RECIPIENTS, ChainSettings.DEFAULT_MAX_RECIPIENTS);
        long reserve = file.number(STORAGE_RESERVE, ChainSettings.DEFAULT_STORAGE_RESERVE_MEGABYTES);
        if (reserve < 0 || reserve > ChainSettings.MAX_STORAGE_RESERVE_MEGABYTES) {
            throw file.invalid(STORAGE_RESERVE,
                "must be from 0 to " + ChainSettings.MAX_STORAGE_RESERVE_MEGABYTES + " (megabytes), was " + reserve);
        }
        MimeLimits defaults = MimeLimits.DEFAULTS;
        MimeLimits mime = new MimeLimits(atLeastOne(file, MIME + "maxDepth", defaults.maxDepth()),
            atLeastOne(file, MIME + "maxParts", defaults.maxParts()),
            atLeastOne(file, MIME + "maxHeaders", defaults.maxHeaders()),
            atLeastOne(file, MIME + "maxHeaderLength", defaults.maxHeaderLength()));
        boolean rulesOff = flag(file, RULES_OFF);
        if (rulesOff) {
            LOGGER.warn("!!! {}=true: the SMTP listeners run WITHOUT the trust space's rules (no whitelist, directory, "
                + "patient or audit check). For benchmarks only, NEVER in production. !!!", RULES_OFF);
        }
        boolean peerChecksOff = flag(file, PEER_CHECKS_OFF);
        if (peerChecksOff) {
            LOGGER.warn("!!! {}=true: the MX listener takes mail WITHOUT checking the peer operator (certificate, "
                + "whitelisted domain, operator DN). For benchmarks only, NEVER in production. !!!", PEER_CHECKS_OFF);
        }
        return new ChainSettings(maxRecipients, reserve, mime, rulesOff, peerChecksOff);
    }

    private static int atLeastOne(SettingsFile file, String key, int defaultValue) {
        int value = file.integer(key, defaultValue);
        if (value < 1) {
            throw file.invalid(key, "must be at least 1, was " + value);
        }
        return value;
    }

    private static boolean flag(SettingsFile file, String key) {
        String value = file.text(key, "false");
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw file.invalid(key, "must be true or false, was '" + value + "'");
        };
    }
}
