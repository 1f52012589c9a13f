/** A search the Elasticsearch cost source made failed: its own module, so that every part of the source can throw it. */
import { LambdalensError } from '../../collectors/kernel/index.ts';

export class ElasticsearchCostError extends LambdalensError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ElasticsearchCostError';
  }
}
