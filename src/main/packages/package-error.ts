/**
 * A refused package as its own class, so callers (and the property tests) can tell a
 * package's fault from any other AppError. The texts live in the catalogue
 * (src/shared/error-catalogue/packages.ts); `packageError` builds one from it.
 */
import { packageErrors, type PackageErrorCode } from '../../shared/error-catalogue/packages';
import { AppError } from '../../shared/errors';

export { PACKAGE_ERROR_CODES, type PackageErrorCode } from '../../shared/error-catalogue/packages';

export class PackageError extends AppError {
  declare readonly code: PackageErrorCode;
  constructor(built: AppError & { code: PackageErrorCode }) {
    super(built.code, built.localized, built.details);
    this.name = 'PackageError';
  }
}

export function isPackageError(value: unknown): value is PackageError {
  return value instanceof PackageError;
}

type Builders = typeof packageErrors;

/** `packageError('PACKAGE_EMPTY', { range })`: the catalogue's error for `code`, as a PackageError. */
export function packageError<C extends PackageErrorCode>(code: C, params: Parameters<Builders[C]>[0]): PackageError {
  const build = packageErrors[code] as unknown as (params: unknown) => AppError;
  return new PackageError(build(params) as AppError & { code: PackageErrorCode });
}
