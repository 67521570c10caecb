// Runs the GraphStore contract against every store implementation available to this test run.
import { storeFactories } from '../support/stores.js';
import { graphStoreSpec } from './graph-store-spec.js';

for (const factory of storeFactories()) graphStoreSpec(factory);
