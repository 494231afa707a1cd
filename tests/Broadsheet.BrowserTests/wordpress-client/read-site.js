// Reads a Broadsheet site the way a headless front-end built on WordPress does: through wpapi, the WordPress REST API
// client from npm, which finds the API by the site's Link header and builds its routes from the /wp-json/ index.
// Usage: node read-site.js ORIGIN TAG_SLUG SEARCH_WORD. Prints what it read as one JSON object for the test to check.
'use strict';
const WPAPI = require('wpapi');

async function main() {
  const [origin, tagSlug, word] = process.argv.slice(2);
  const wp = await WPAPI.discover(origin + '/');
  const first = await wp.posts().perPage(2).embed().get();
  const second = await first._paging.next.get();
  const [tag] = await wp.tags().slug(tagSlug).get();
  const tagged = await wp.posts().tags(tag.id).get();
  const found = await wp.posts().search(word).get();
  const one = await wp.posts().id(first[0].id).get();
  const categories = await wp.categories().perPage(100).get();
  const inCategory = await wp.posts().categories(one.categories[0]).get();
  const users = await wp.users().get();
  const comments = await wp.comments().param('post', one.id).order('asc').get();
  const pages = await wp.pages().get();
  const media = await wp.media().get();
  const trimmed = await wp.posts().param('_fields', 'id,title').perPage(1).get();
  let missing;
  try {
    await wp.posts().id(999999).get();
  } catch (error) {
    missing = { code: error.code, status: error.data && error.data.status };
  }
  return {
    endpoint: wp._options.endpoint,
    total: first._paging.total,
    totalPages: first._paging.totalPages,
    firstTitles: first.map(p => p.title.rendered),
    secondTitles: second.map(p => p.title.rendered),
    embeddedAuthor: first[0]._embedded.author[0].name,
    embeddedTerms: first[0]._embedded['wp:term'].map(list => list.map(t => t.name)),
    taggedTitles: tagged.map(p => p.title.rendered),
    foundTitles: found.map(p => p.title.rendered),
    oneLink: one.link,
    categoryNames: categories.map(c => c.name),
    inCategoryCount: inCategory.length,
    userNames: users.map(u => u.name),
    commentTexts: comments.map(c => c.content.rendered),
    commentParents: comments.map(c => c.parent),
    pageTitles: pages.map(p => p.title.rendered),
    mediaCount: media.length,
    trimmedKeys: Object.keys(trimmed[0]),
    missing,
  };
}

main().then(result => console.log(JSON.stringify(result)), error => {
  console.error(error && error.stack || error);
  process.exit(1);
});
