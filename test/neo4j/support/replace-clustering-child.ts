// Child process for the kill -9 test (test/neo4j/cluster-staging.test.ts): opens the Neo4j store at
// NEO4J_URL, namespace argv[2], and replaces its clustering (or communities) by the synthetic one of
// argv[3] addresses, variant argv[4]. Usage: tsx replace-clustering-child.ts <ns> <n> <variant> [communities]

import { openNeo4jStore } from '../../../graph/neo4j/neo4j-store.js';
import { syntheticClustering, syntheticCommunities } from './synthetic-clustering.js';

const [ns, n, variant, kind] = process.argv.slice(2);
const url = new URL(process.env.NEO4J_URL as string);
url.searchParams.set('namespace', ns);
const store = await openNeo4jStore({ url: url.toString() });
console.log('OPENED');
if (kind === 'communities') await store.replaceCommunities(syntheticCommunities(Number(n), Number(variant)));
else await store.replaceClustering(syntheticClustering(Number(n), variant));
await store.close();
console.log('DONE');
