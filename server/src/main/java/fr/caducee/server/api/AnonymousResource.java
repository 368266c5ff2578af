package fr.caducee.server.api;

/**
 * What the HTTPS API answers without asking who calls: the files mail clients fetch anonymously to configure
 * themselves ({@code server/autoconfig}). Asked before any authentication, for the paths it claims; it writes its
 * own refusals (the clients that ask read no {@code OperationOutcome}) and audits them. A module adds one in one line:
 * <pre>
 * Multibinder.newSetBinder(binder(), AnonymousResource.class).addBinding().to(AutoconfigRoutes.class);
 * </pre>
 */
public interface AnonymousResource {

    /** Whether it answers this path (decoded, without the query); no authenticated resource is then asked. */
    boolean serves(String path);

    /**
     * @param call   the request; its caller is null
     * @param remote the client's IP address, for the audit trail
     */
    ApiAnswer answer(ApiCall call, String remote);
}
