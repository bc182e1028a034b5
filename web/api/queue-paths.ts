/** The queues' overview (views, counts, landing view, columns, saved filters); its own module so the boot script stays small. */
export const QUEUE_OVERVIEW_PATH = '/api/v1/queues';
