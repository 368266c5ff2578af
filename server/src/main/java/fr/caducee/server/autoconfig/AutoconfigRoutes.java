package fr.caducee.server.autoconfig;

/** Mail clients' autoconfiguration and autodiscover (to be written). */
public final class AutoconfigRoutes {
}
