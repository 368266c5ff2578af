package fr.caducee.server.tls;

import javax.inject.Inject;

import org.apache.james.utils.GuiceProbe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import sun.misc.Signal;

/**
 * {@code SIGHUP} reloads the TLS material ({@link TlsReload}), as {@code caducee reload} does, so that an init system's
 * reload ({@code systemctl reload}, {@code kill -HUP}) puts a renewed certificate in force; the outcome is in the log
 * and the audit trail (the caller is written {@code SIGHUP}). Without this handler the JVM takes SIGHUP for a stop.
 */
public class ReloadOnHangup implements GuiceProbe {
    private static final Logger LOGGER = LoggerFactory.getLogger(ReloadOnHangup.class);
    static final String CALLER = "SIGHUP";

    private final TlsReload reload;

    @Inject
    ReloadOnHangup(TlsReload reload) {
        this.reload = reload;
    }

    /** Called once the server has started: a SIGHUP before then stops the JVM, as it would have. */
    public void install() {
        Signal.handle(new Signal("HUP"), signal -> {
            // Signal handlers run on a thread of their own: the reload may take its time there.
            try {
                TlsReload.Outcome outcome = reload.reload(CALLER);
                LOGGER.info("SIGHUP: TLS material reloaded in {} ms: {}", outcome.took().toMillis(),
                    outcome.loaded().describe());
            } catch (InvalidTlsMaterialException e) {
                LOGGER.error("SIGHUP: TLS reload refused, the material in force stays: {}", e.getMessage());
            } catch (RuntimeException e) {
                LOGGER.error("SIGHUP: TLS reload failed, the material in force stays: {}", e.toString());
            }
        });
    }
}
