// The records filter as the clients send it (list and export, the same fields) turned into the stores'
// query, in one place so that an export holds exactly what the list showed.
import type { ListRequest } from '../../core/contracts/records';
import type { RecordQuery } from '../stores/types';
import { cstDateRange } from './dates';

export type RecordFilter = Pick<ListRequest, 'status' | 'docType' | 'from' | 'to' | 'q' | 'warning'>;

/** Bare dates are days in China; an empty search is no search. */
export function recordQueryOf(filter: RecordFilter): Omit<RecordQuery, 'openid' | 'page' | 'pageSize'> {
  return {
    ...(filter.status ? { status: filter.status } : {}),
    ...(filter.docType ? { docType: filter.docType } : {}),
    ...cstDateRange(filter.from, filter.to),
    ...(filter.q?.trim() ? { q: filter.q.trim() } : {}),
    ...(filter.warning ? { warning: filter.warning } : {}),
  };
}
