export { createProductService, MAX_IMPORT_ROWS, SYSTEM_ACTOR, type ProductService, type ProductServiceOptions } from './product-service';
export { createProductStore, type ProductDetails, type ProductRow, type ProductStore } from './product-store';
export { CSV_COLUMNS, formatProductsCsv, parseCsv } from './product-csv';
export { describeImportProblem, describeProblem, productInUseError, productNotFoundError } from './product-errors';
