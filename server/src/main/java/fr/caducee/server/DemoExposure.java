package fr.caducee.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.caducee.server.settings.Setting;
import fr.caducee.server.settings.Settings;

/**
 * Says at start whether the demo boxes, whose passwords the start prints and keeps in {@code demo-accounts.txt}, can
 * be reached from other machines. A demo server's listeners take loopback unless bound by the operator
 * ({@link Settings#DEMO_LOOPBACK}); one bound elsewhere while demo boxes exist gets a warning naming it, and so does
 * a data folder that kept its demo boxes after {@code caducee.demo=false}.
 */
final class DemoExposure {
    private static final Logger LOGGER = LoggerFactory.getLogger(DemoExposure.class);
    static final String ACCOUNTS_FILE = "demo-accounts.txt";

    private DemoExposure() {
    }

    static void log(Settings settings, Path dataDir) {
        boolean demoBoxes = settings.demo() || Files.exists(dataDir.resolve(ACCOUNTS_FILE));
        if (!demoBoxes) {
            return;
        }
        Map<String, String> exposed = exposedListeners(settings);
        if (!exposed.isEmpty()) {
            LOGGER.warn(warning(exposed, dataDir.resolve(ACCOUNTS_FILE)));
        } else if (settings.demo()) {
            LOGGER.info("Demonstration server (caducee.demo=true): its listeners are on 127.0.0.1 only, since the demo "
                + "boxes' passwords are printed; bind one to reach it from other machines, e.g. "
                + "-Dcaducee.imaps.bind=0.0.0.0:10993");
        }
    }

    static String warning(Map<String, String> exposed, Path accounts) {
        StringBuilder listeners = new StringBuilder();
        exposed.forEach((key, bind) -> listeners.append(listeners.length() == 0 ? "" : ", ").append(key).append('=')
            .append(bind));
        return "Demo boxes, whose passwords are printed and kept in " + accounts + ", can be logged into from other "
            + "machines: " + listeners + " listen beyond loopback. Before opening this server, set caducee.demo=false "
            + "and suspend or remove the demo boxes; to try it alone, leave these binds unset (loopback)";
    }

    /** The listeners of {@link Settings#DEMO_LOOPBACK} bound to an address other machines reach, with their bind. */
    static Map<String, String> exposedListeners(Settings settings) {
        Map<String, String> exposed = new LinkedHashMap<>();
        for (Setting listener : Setting.values()) {
            if (Settings.DEMO_LOOPBACK.contains(listener)) {
                String bind = settings.text(listener);
                if (!onLoopback(bind)) {
                    exposed.put(listener.key(), bind);
                }
            }
        }
        return exposed;
    }

    private static boolean onLoopback(String bind) {
        String host = bind.substring(0, Math.max(0, bind.lastIndexOf(':'))).replaceAll("^\\[|]$", "");
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            // The listener will fail to bind and stop the start anyway.
            return false;
        }
    }
}
