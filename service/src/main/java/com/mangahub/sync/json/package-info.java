/**
 * JSON text to and from values with the service's one mapper (configured and built in
 * {@link com.mangahub.sync.App#jsonMapper()}, passed to whoever needs it): the one place Jackson's checked
 * exceptions become unchecked. Depends on nothing else of ours.
 */
package com.mangahub.sync.json;
