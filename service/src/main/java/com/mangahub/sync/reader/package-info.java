/**
 * Readers: accounts and their API tokens (only a hash stored, {@link com.mangahub.sync.reader.UserAccounts}), who is
 * calling ({@link com.mangahub.sync.reader.RequestAuth}: a reader's token or the admin token), the token's lifecycle
 * (rotation, an optional maximum age, the operator's list, disable, enable and delete:
 * {@link com.mangahub.sync.reader.AccountRoutes}), and the library a
 * reader follows ({@link com.mangahub.sync.reader.Library}), with their HTTP routes. Following a series nothing
 * tracks yet starts tracking it through {@link com.mangahub.sync.reader.TrackingStarter}, which the composition root
 * wires to the workflows, so this package never depends on {@code workflow} or on delivery ({@code notify}).
 */
package com.mangahub.sync.reader;
