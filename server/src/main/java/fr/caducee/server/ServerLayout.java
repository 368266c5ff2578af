package fr.caducee.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import fr.caducee.server.settings.Setting;
import fr.caducee.server.settings.Settings;

/**
 * Where a Caducée server finds its configuration and keeps its data, from its {@link Settings}:
 * <ul>
 *   <li>{@code caducee.data}: the data folder (database, spool, mail repositories, index, development PKI, logs);</li>
 *   <li>{@code caducee.config}: the James configuration folder, {@code james-config/} of the distribution;</li>
 *   <li>{@code caducee.trustAnchors}: the folder of trusted CA certificates, {@code trust-anchors/};</li>
 *   <li>{@code caducee.hostnames}: comma-separated names the server certificate must carry (development PKI);</li>
 *   <li>{@code caducee.demo}: whether the first start creates the demo domain and boxes.</li>
 * </ul>
 */
public record ServerLayout(Path dataDir, Path configDir, Path trustAnchorsDir, List<String> hostNames, boolean demo) {

    public static ServerLayout from(Settings settings) {
        return new ServerLayout(settings.path(Setting.DATA), settings.path(Setting.CONFIG),
            settings.path(Setting.TRUST_ANCHORS), configuredHostNames(settings.text(Setting.HOSTNAMES)),
            settings.flag(Setting.DEMO));
    }

    /** Fails before anything starts when a folder is missing, naming it and the property that sets it. */
    public ServerLayout validate() {
        if (!Files.isRegularFile(configDir.resolve("smtpserver.xml"))) {
            throw new IllegalStateException("No James configuration in " + configDir
                + " (smtpserver.xml missing): set caducee.config to the james-config folder (-Dcaducee.config)");
        }
        if (!Files.isDirectory(trustAnchorsDir)) {
            throw new IllegalStateException("Trust-anchor folder " + trustAnchorsDir
                + " does not exist: set caducee.trustAnchors to the folder of trusted CA certificates");
        }
        return this;
    }

    public Path pkiDir() {
        return dataDir.resolve("pki");
    }

    private static List<String> configuredHostNames(String configured) {
        if (!configured.isBlank()) {
            return Arrays.stream(configured.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        }
        List<String> names = new ArrayList<>(List.of("localhost"));
        try {
            String canonical = InetAddress.getLocalHost().getCanonicalHostName();
            if (!canonical.isBlank() && !names.contains(canonical) && !canonical.matches("[0-9.:]+")) {
                names.add(canonical);
            }
        } catch (UnknownHostException e) {
            // localhost alone is enough for a development server
        }
        return List.copyOf(names);
    }
}
