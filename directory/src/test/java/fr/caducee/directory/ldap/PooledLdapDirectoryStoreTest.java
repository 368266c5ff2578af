package fr.caducee.directory.ldap;

/** The store over a real connection pool and a loopback TCP connection, as in production. */
class PooledLdapDirectoryStoreTest extends LdapDirectoryStoreContract {

    @Override
    LdapDirectoryStore open(TestDirectoryServer server) {
        return LdapDirectoryStore.connect(server.settings());
    }
}
