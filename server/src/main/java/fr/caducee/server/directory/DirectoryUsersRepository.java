package fr.caducee.server.directory;

import javax.inject.Inject;

import org.apache.james.domainlist.api.DomainList;
import org.apache.james.user.lib.UsersRepositoryImpl;

/** James's user repository over the directory's accounts (see {@link DirectoryUsersDAO}). */
public class DirectoryUsersRepository extends UsersRepositoryImpl<DirectoryUsersDAO> {

    @Inject
    public DirectoryUsersRepository(DomainList domainList, DirectoryUsersDAO accounts) {
        super(domainList, accounts);
    }
}
