export { createProductService, type ProductService, type ProductServiceOptions } from './product-service';
export { SYSTEM_ACTOR } from './product-seed';
export { MAX_IMPORT_ROWS } from './product-import-plan';
export { createProductStore, type ProductRow, type ProductRowWithUse, type ProductStore } from './product-store';
export { CSV_COLUMNS, formatProductsCsv, parseCsv } from './product-csv';
export { describeImportProblem, describeProblem } from '../../shared/validation/product-problem-texts';
export { productErrors, type ProductErrorCode } from '../../shared/error-catalogue/products';
